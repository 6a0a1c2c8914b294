package org.corridorwatch.investments;

import org.corridorwatch.testing.EmbeddedPostgresResource;
import org.corridorwatch.testing.TestKeys;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every @QuarkusTest of this module runs against one real PostgreSQL started for the test run. */
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestKeys.class, scope = TestResourceScope.GLOBAL)
final class TestResources {
}
