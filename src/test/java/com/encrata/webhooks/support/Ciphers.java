package com.encrata.webhooks.support;

import java.util.Optional;

import com.encrata.webhooks.platform.crypto.RandomTokens;
import com.encrata.webhooks.platform.crypto.SecretCipher;
import com.encrata.webhooks.platform.crypto.SecretsConfig;

/** Secret ciphers built outside the application, to write or read rows under a chosen key. */
public final class Ciphers {

    private Ciphers() {
    }

    public static SecretCipher withKeys(String key, String previous) {
        return new SecretCipher(new SecretsConfig() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public Optional<String> keyPrevious() {
                return Optional.ofNullable(previous);
            }
        }, new RandomTokens());
    }

    public static SecretCipher withKey(String key) {
        return withKeys(key, null);
    }
}
