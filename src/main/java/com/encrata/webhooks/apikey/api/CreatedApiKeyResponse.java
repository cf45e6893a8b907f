package com.encrata.webhooks.apikey.api;

import java.time.Instant;
import java.util.UUID;

import com.encrata.webhooks.apikey.service.IssuedKey;

/** A new key, with its value shown this once. */
public record CreatedApiKeyResponse(UUID id, String name, String key, Instant createdAt) {

    public static CreatedApiKeyResponse of(IssuedKey issued) {
        return new CreatedApiKeyResponse(issued.key().id, issued.key().name, issued.plaintext(), issued.key().createdAt);
    }
}
