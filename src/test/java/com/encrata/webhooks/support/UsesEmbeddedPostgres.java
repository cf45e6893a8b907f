package com.encrata.webhooks.support;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Registers {@link EmbeddedPostgresResource} for every test class (global scope). */
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
public final class UsesEmbeddedPostgres {

    private UsesEmbeddedPostgres() {
    }
}
