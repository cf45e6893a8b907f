package com.encrata.webhooks.apikey;

import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Queries on API keys. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    /** The unrevoked key with this hash, if any. */
    @WithSession
    public Uni<ApiKey> findActiveByHash(byte[] hash) {
        return find("keyHash = ?1 and revokedAt is null", (Object) hash).firstResult();
    }

    /** Moves {@code last_used} forward to {@code at} for these keys. */
    public Uni<Integer> touch(Collection<UUID> ids, Instant at) {
        return update("lastUsed = ?1 where id in ?2 and (lastUsed is null or lastUsed < ?1)", at, ids);
    }
}
