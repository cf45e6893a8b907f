package com.encrata.webhooks.workspace.api;

import java.time.Instant;
import java.util.UUID;

import com.encrata.webhooks.workspace.Workspace;

/** A workspace as the admin API shows it. */
public record WorkspaceResponse(UUID id, String name, Instant createdAt) {

    public static WorkspaceResponse of(Workspace w) {
        return new WorkspaceResponse(w.id, w.name, w.createdAt);
    }
}
