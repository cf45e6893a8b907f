package com.encrata.webhooks.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link EmbeddedPostgresResource} once for the whole test suite. */
@QuarkusTestResource(EmbeddedPostgresResource.class)
public final class UsesEmbeddedPostgres {

    private UsesEmbeddedPostgres() {
    }
}
