package com.encrata.webhooks.delivery.engine;

import java.util.UUID;

/**
 * Where and how an attempt goes: a webhook's URL, its own headers (a JSON object) and its
 * credentials (public part as JSON, null for none, and the secret part's ciphertext), SPEC §10.
 * A claimed delivery is one, so the engine's hot path builds nothing to send it.
 */
public interface Endpoint {

    UUID webhookId();

    String url();

    String headers();

    String auth();

    String authSecretCiphertext();

    static Endpoint of(UUID webhookId, String url, String headers, String auth, String authSecretCiphertext) {
        return new Of(webhookId, url, headers, auth, authSecretCiphertext);
    }

    /** An endpoint read from a webhook row rather than claimed with a delivery. */
    record Of(UUID webhookId, String url, String headers, String auth, String authSecretCiphertext)
            implements Endpoint {
    }
}
