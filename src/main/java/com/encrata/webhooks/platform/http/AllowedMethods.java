package com.encrata.webhooks.platform.http;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code Allow} header of a 405, by route. The REST layer answers OPTIONS with the same list but
 * leaves it out of its 405s; a test keeps this table equal to the OPTIONS answers.
 */
public final class AllowedMethods {

    private static final Map<String, String> BY_PATH = Map.ofEntries(
            Map.entry("/api/webhooks", "DELETE, GET, HEAD, OPTIONS, POST, PUT"),
            Map.entry("/api/webhooks/rotate-secret", "OPTIONS, POST"),
            Map.entry("/api/webhooks/test", "OPTIONS, POST"),
            Map.entry("/api/webhooks/filter-test", "OPTIONS, POST"),
            Map.entry("/api/webhooks/recover", "OPTIONS, POST"),
            Map.entry("/api/webhooks/deliveries", "GET, HEAD, OPTIONS"),
            Map.entry("/api/webhooks/deliveries/retry", "OPTIONS, POST"),
            Map.entry("/internal/events", "OPTIONS, POST"),
            Map.entry("/api/keys", "DELETE, GET, HEAD, OPTIONS, POST"),
            Map.entry("/api/health", "GET, HEAD, OPTIONS"),
            Map.entry("/api/webhooks/stats", "GET, HEAD, OPTIONS"),
            Map.entry("/api/event-types", "GET, HEAD, OPTIONS"),
            Map.entry("/admin/workspaces", "OPTIONS, POST"));

    private AllowedMethods() {
    }

    public static Optional<String> forPath(String path) {
        String normalised = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (normalised.matches("/admin/workspaces/[^/]+/(keys|portal-sessions)")) {
            return Optional.of("OPTIONS, POST");
        }
        return Optional.ofNullable(BY_PATH.get(normalised));
    }
}
