package com.encrata.webhooks.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads the bearer token of a request and compares tokens in constant time. */
public final class BearerToken {

    private static final String SCHEME = "bearer ";

    private BearerToken() {
    }

    /** The token of the single Authorization header, or empty when it is missing, repeated or not Bearer. */
    public static Optional<String> from(List<String> headers) {
        if (headers == null || headers.size() != 1) {
            return Optional.empty();
        }
        String value = headers.get(0);
        if (value == null || value.length() <= SCHEME.length()
                || !value.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Optional.empty();
        }
        String token = value.substring(SCHEME.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** Constant-time equality; false when no token is configured. */
    public static boolean matches(Optional<String> expected, String presented) {
        return expected.filter(e -> !e.isEmpty())
                .map(e -> MessageDigest.isEqual(e.getBytes(StandardCharsets.UTF_8),
                        presented.getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
    }
}
