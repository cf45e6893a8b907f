package com.encrata.webhooks.common.http;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code Allow} header of a 405, by route. The REST layer answers OPTIONS with the same list but
 * leaves it out of its 405s; a test keeps this table equal to the OPTIONS answers.
 */
public final class AllowedMethods {

    private static final Map<String, String> BY_PATH = Map.of(
            "/api/webhooks", "DELETE, GET, HEAD, OPTIONS, POST, PUT",
            "/api/webhooks/rotate-secret", "OPTIONS, POST",
            "/api/keys", "DELETE, GET, HEAD, OPTIONS, POST",
            "/api/health", "GET, HEAD, OPTIONS",
            "/admin/workspaces", "OPTIONS, POST");

    private AllowedMethods() {
    }

    public static Optional<String> forPath(String path) {
        String normalised = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (normalised.matches("/admin/workspaces/[^/]+/keys")) {
            return Optional.of("OPTIONS, POST");
        }
        return Optional.ofNullable(BY_PATH.get(normalised));
    }
}
