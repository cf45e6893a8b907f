package com.encrata.webhooks.common;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.core.UriInfo;

/** Strict query parameters: a repeated or empty parameter is a 400, never a silent pick. */
public final class QueryParams {

    private QueryParams() {
    }

    public static Optional<String> optional(UriInfo uri, String name) {
        List<String> values = uri.getQueryParameters().get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw ApiException.badRequest(name, "must be given once");
        }
        if (values.get(0).isEmpty()) {
            throw ApiException.badRequest(name, "must not be empty");
        }
        return Optional.of(values.get(0));
    }

    public static String required(UriInfo uri, String name) {
        return optional(uri, name).orElseThrow(() -> ApiException.badRequest(name, "is required"));
    }
}
