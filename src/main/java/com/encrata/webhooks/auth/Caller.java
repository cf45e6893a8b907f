package com.encrata.webhooks.auth;

import java.util.UUID;

/** Who is calling the public API: the key, its user, its workspace and its role. */
public record Caller(UUID keyId, UUID userId, UUID workspaceId, Role role) {
}
