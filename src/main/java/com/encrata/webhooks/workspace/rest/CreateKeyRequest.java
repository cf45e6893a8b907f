package com.encrata.webhooks.workspace.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.encrata.webhooks.common.Ids;
import com.encrata.webhooks.common.validation.PlainText;

/** Body of POST /admin/workspaces/{id}/keys; user and role default to a new user and admin. */
public record CreateKeyRequest(
        @NotNull(message = "is required") @NotBlank(message = "must not be blank") @PlainText(max = 100, name = true) String name,
        @Pattern(regexp = Ids.PATTERN, message = "must be a UUID") String userId,
        @Pattern(regexp = "admin|tech|readonly", message = "must be one of: admin, tech, readonly") String role) {
}
