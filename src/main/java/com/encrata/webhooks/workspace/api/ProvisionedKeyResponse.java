package com.encrata.webhooks.workspace.api;

import java.time.Instant;
import java.util.UUID;

import com.encrata.webhooks.apikey.service.IssuedKey;
import com.encrata.webhooks.auth.Role;

/** A key created through the admin API, with its value shown once. */
public record ProvisionedKeyResponse(UUID id, String name, String key, Instant createdAt, UUID workspaceId,
        UUID userId, Role role) {

    public static ProvisionedKeyResponse of(IssuedKey issued) {
        return new ProvisionedKeyResponse(issued.key().id, issued.key().name, issued.plaintext(),
                issued.key().createdAt, issued.key().workspaceId, issued.key().userId, issued.key().role);
    }
}
