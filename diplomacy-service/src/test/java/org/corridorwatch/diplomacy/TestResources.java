package org.corridorwatch.diplomacy;

import org.corridorwatch.testing.EmbeddedPostgresResource;
import org.corridorwatch.testing.TestKeys;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every @QuarkusTest of this module runs against one real PostgreSQL started for the test run,
 * and fake incidents- and investments-services answering BatchGet for the names the tests register.
 */
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestKeys.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ReferencedServices.class, scope = TestResourceScope.GLOBAL)
final class TestResources {
}
