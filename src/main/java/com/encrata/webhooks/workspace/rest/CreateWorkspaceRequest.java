package com.encrata.webhooks.workspace.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import com.encrata.webhooks.common.validation.PlainText;

/** Body of POST /admin/workspaces. */
public record CreateWorkspaceRequest(
        @NotNull(message = "is required") @NotBlank(message = "must not be blank") @PlainText(max = 100, name = true) String name) {
}
