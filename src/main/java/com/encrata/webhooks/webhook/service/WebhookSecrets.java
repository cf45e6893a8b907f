package com.encrata.webhooks.webhook.service;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Webhook signing secrets: {@code whsec_} and 64 lowercase hex digits (32 random bytes). */
public final class WebhookSecrets {

    public static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }
}
