package com.encrata.webhooks.workspace.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.workspace.Workspace;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Queries on workspaces. */
@ApplicationScoped
public class WorkspaceRepository implements PanacheRepositoryBase<Workspace, UUID> {
}
