package com.encrata.webhooks.workspace.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import com.encrata.webhooks.platform.validation.PlainText;

/** Body of POST /admin/workspaces. */
public record CreateWorkspaceRequest(
        @NotNull @NotBlank @PlainText(max = 100, name = true) String name) {
}
