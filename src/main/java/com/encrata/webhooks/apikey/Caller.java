package com.encrata.webhooks.apikey;

import java.util.UUID;

/** Who is calling the public API: the key, its user, its workspace and its role. */
public record Caller(UUID keyId, UUID userId, UUID workspaceId, Role role) {

    public static Caller of(ApiKey key) {
        return new Caller(key.id, key.userId, key.workspaceId, key.role);
    }
}
