package com.encrata.webhooks.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link HttpsReceiver} once for the whole test suite. */
@QuarkusTestResource(HttpsReceiver.class)
public final class UsesHttpsReceiver {

    private UsesHttpsReceiver() {
    }
}
