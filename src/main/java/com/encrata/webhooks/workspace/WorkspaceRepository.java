package com.encrata.webhooks.workspace;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Queries on workspaces. */
@ApplicationScoped
public class WorkspaceRepository implements PanacheRepositoryBase<Workspace, UUID> {

    /** Locks the workspace row until the transaction ends, so quota checks of one workspace take turns. */
    public Uni<Workspace> lockForQuota(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
