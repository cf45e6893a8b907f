package com.encrata.webhooks.workspace.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.encrata.webhooks.platform.validation.PlainText;
import com.encrata.webhooks.platform.validation.Uuid;

/** Body of POST /admin/workspaces/{id}/keys; user and role default to a new user and admin. */
public record CreateKeyRequest(
        @NotNull @NotBlank @PlainText(max = 100, name = true) String name,
        @Uuid String userId,
        @Pattern(regexp = "admin|tech|readonly", message = "{encrata.validation.role}") String role) {
}
