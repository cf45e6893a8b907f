package com.encrata.webhooks.common;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Canonical UUID ids: 8-4-4-4-12 hex digits in any case on input, lowercase on output. */
public final class Ids {

    /** The canonical form, any case; usable in {@code @Pattern}. */
    public static final String PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    private static final Pattern CANONICAL = Pattern.compile(PATTERN);

    private Ids() {
    }

    public static Optional<UUID> parse(String value) {
        if (value == null || !CANONICAL.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(value));
    }

    /** Parses an id a client sent in {@code field}, or fails with a 400 naming that field. */
    public static UUID require(String field, String value) {
        return parse(value).orElseThrow(() -> ApiException.badRequest(field, "must be a UUID"));
    }
}
