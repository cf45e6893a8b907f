package com.encrata.webhooks.apikey.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.encrata.webhooks.apikey.ApiKey;
import com.encrata.webhooks.apikey.service.IssuedKey;

/** {@code {"keys": [...]}}: the caller's active keys, never their values. */
public record ApiKeyListResponse(List<Item> keys) {

    /** One key as listed. */
    public record Item(UUID id, String name, String keyPreview, Instant createdAt, Instant lastUsed) {
    }

    public static ApiKeyListResponse of(List<ApiKey> keys) {
        return new ApiKeyListResponse(keys.stream()
                .map(k -> new Item(k.id, k.name, IssuedKey.preview(k), k.createdAt, k.lastUsed))
                .toList());
    }
}
