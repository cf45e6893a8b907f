package com.encrata.webhooks.platform.crypto;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Keys that encrypt webhook secrets at rest. */
@ConfigMapping(prefix = "encrata.secrets")
public interface SecretsConfig {

    /** Base64 of the 32-byte AES-256 key that encrypts new secrets (ENCRATA_SECRETS_KEY). */
    String key();

    /** Base64 of the previous key, used only to decrypt rows written before a key rotation. */
    Optional<String> keyPrevious();
}
