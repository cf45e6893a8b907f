package com.encrata.webhooks.workspace.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import com.encrata.webhooks.platform.validation.Uuid;

/** Body of POST /admin/workspaces/{id}/portal-sessions: user (default: a new one), role (admin), lifetime (1 h). */
public record CreatePortalSessionRequest(
        @Uuid String userId,
        @Pattern(regexp = "admin|tech|readonly", message = "{encrata.validation.role}") String role,
        @Min(value = 60, message = "{encrata.validation.ttl}") @Max(value = 86400, message = "{encrata.validation.ttl}")
        Integer ttlSeconds) {
}
