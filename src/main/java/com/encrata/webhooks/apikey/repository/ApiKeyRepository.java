package com.encrata.webhooks.apikey.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.apikey.ApiKey;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Queries on API keys. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    /** The caller's own unrevoked keys in a workspace, newest first. */
    public Uni<List<ApiKey>> listActive(UUID workspaceId, UUID userId) {
        return list("workspaceId = ?1 and userId = ?2 and revokedAt is null",
                Sort.descending("createdAt").and("id", Sort.Direction.Descending), workspaceId, userId);
    }
}
