package com.encrata.webhooks.webhook.service;

import com.encrata.webhooks.platform.crypto.RandomTokens;

/** Webhook signing secrets: {@code whsec_} and 64 lowercase hex digits (32 random bytes). */
public final class WebhookSecrets {

    public static final String PREFIX = "whsec_";

    private WebhookSecrets() {
    }

    public static String generate(RandomTokens random) {
        return PREFIX + random.hex(32);
    }
}
