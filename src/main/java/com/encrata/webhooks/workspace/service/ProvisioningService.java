package com.encrata.webhooks.workspace.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.apikey.ApiKeyService;
import com.encrata.webhooks.apikey.IssuedKey;
import com.encrata.webhooks.apikey.Role;
import com.encrata.webhooks.common.ApiException;
import com.encrata.webhooks.common.Timestamps;
import com.encrata.webhooks.workspace.Workspace;
import com.encrata.webhooks.workspace.WorkspaceRepository;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Creates workspaces and their first keys for the admin API. */
@ApplicationScoped
public class ProvisioningService {

    private final WorkspaceRepository workspaces;
    private final ApiKeyService keys;

    public ProvisioningService(WorkspaceRepository workspaces, ApiKeyService keys) {
        this.workspaces = workspaces;
        this.keys = keys;
    }

    @WithTransaction
    public Uni<Workspace> createWorkspace(String name) {
        Workspace workspace = new Workspace();
        workspace.id = UUID.randomUUID();
        workspace.name = name;
        workspace.createdAt = Timestamps.now();
        return workspaces.persist(workspace);
    }

    @WithTransaction
    public Uni<IssuedKey> createKey(UUID workspaceId, String name, UUID userId, Role role) {
        return workspaces.findById(workspaceId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Workspace"))
                .chain(workspace -> keys.issue(workspace.id, userId, role, name));
    }
}
