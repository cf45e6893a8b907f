package com.encrata.webhooks.workspace.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.apikey.service.ApiKeyService;
import com.encrata.webhooks.apikey.service.IssuedKey;
import com.encrata.webhooks.auth.Role;
import com.encrata.webhooks.platform.time.Timestamps;
import com.encrata.webhooks.workspace.Workspace;
import com.encrata.webhooks.workspace.repository.WorkspaceRepository;

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

    /** The first keys of a workspace; 404 when it does not exist. */
    public Uni<IssuedKey> createKey(UUID workspaceId, String name, UUID userId, Role role) {
        return keys.provision(workspaceId, userId, role, name);
    }
}
