package com.encrata.webhooks.auth;

import java.util.UUID;

/**
 * Who is calling the public API: the key (or portal session), its user, its workspace and its role.
 * A portal session acts like a key of that user, workspace and role, except where its flag says otherwise.
 */
public record Caller(UUID keyId, UUID userId, UUID workspaceId, Role role, boolean portalSession) {
}
