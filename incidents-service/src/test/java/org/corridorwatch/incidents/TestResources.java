package org.corridorwatch.incidents;

import org.corridorwatch.testing.EmbeddedPostgresResource;
import org.corridorwatch.testing.TestKeys;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every @QuarkusTest of this module runs against one real PostgreSQL started for the test run,
 * and a fake investments-service answering BatchGetDeals for the deals the tests register.
 */
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestKeys.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeInvestments.class, scope = TestResourceScope.GLOBAL)
final class TestResources {
}
