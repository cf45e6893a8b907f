package com.encrata.webhooks.support;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Registers {@link HttpsReceiver} for every test class (global scope). */
@WithTestResource(value = HttpsReceiver.class, scope = TestResourceScope.GLOBAL)
public final class UsesHttpsReceiver {

    private UsesHttpsReceiver() {
    }
}
