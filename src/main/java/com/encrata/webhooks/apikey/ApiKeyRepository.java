package com.encrata.webhooks.apikey;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

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

    /** A key of this user in this workspace, revoked or not. */
    public Uni<ApiKey> findOwn(UUID id, UUID workspaceId, UUID userId) {
        return find("id = ?1 and workspaceId = ?2 and userId = ?3", id, workspaceId, userId).firstResult();
    }

    public Uni<Long> countActive(UUID workspaceId) {
        return count("workspaceId = ?1 and revokedAt is null", workspaceId);
    }

    /** Moves {@code last_used} forward to {@code at} for these keys. */
    public Uni<Integer> touch(Collection<UUID> ids, Instant at) {
        return update("lastUsed = ?1 where id in ?2 and (lastUsed is null or lastUsed < ?1)", at, ids);
    }
}
