package com.encrata.webhooks.platform.crypto;

import java.security.SecureRandom;
import java.util.HexFormat;

import jakarta.inject.Singleton;

/**
 * Random strings from a CSPRNG. A bean rather than static state so that no seeded generator is ever
 * built ahead of time into a native image.
 */
@Singleton
public class RandomTokens {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SecureRandom random = new SecureRandom();

    /** {@code bytes} random bytes as lowercase hex. */
    public String hex(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }

    /** {@code length} characters drawn uniformly from [A-Za-z0-9]. */
    public String alphanumeric(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return out.toString();
    }

    public byte[] bytes(int count) {
        byte[] raw = new byte[count];
        random.nextBytes(raw);
        return raw;
    }
}
