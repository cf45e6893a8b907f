package com.encrata.webhooks.apikey.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.apikey.ApiKey;
import com.encrata.webhooks.apikey.ApiKeyQuota;
import com.encrata.webhooks.apikey.repository.ApiKeyRepository;
import com.encrata.webhooks.apikey.repository.ApiKeyWrites;
import com.encrata.webhooks.auth.ApiKeyTokens;
import com.encrata.webhooks.auth.Caller;
import com.encrata.webhooks.auth.KeyCache;
import com.encrata.webhooks.auth.Role;
import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.delivery.engine.FanOut;
import com.encrata.webhooks.platform.crypto.RandomTokens;
import com.encrata.webhooks.platform.error.NotFound;
import com.encrata.webhooks.platform.time.Timestamps;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Issues, lists, revokes and deletes API keys. Every change commits in one transaction with the
 * {@code apikey.created} or {@code apikey.revoked} event it raises.
 */
@ApplicationScoped
public class ApiKeyService {

    private final Pool pool;
    private final ApiKeyRepository keys;
    private final ApiKeyWrites writes;
    private final FanOut events;
    private final RandomTokens random;
    private final ApiKeyQuota quota;
    private final KeyCache keyCache;

    public ApiKeyService(Pool pool, ApiKeyRepository keys, ApiKeyWrites writes, FanOut events,
            RandomTokens random, ApiKeyQuota quota, KeyCache keyCache) {
        this.pool = pool;
        this.keys = keys;
        this.writes = writes;
        this.events = events;
        this.random = random;
        this.quota = quota;
        this.keyCache = keyCache;
    }

    /**
     * A new key for the caller's own user, workspace and role, on {@code client}: the transaction of
     * an idempotent create, or the pool (then it opens its own).
     */
    public Uni<IssuedKey> create(SqlClient client, Caller caller, String name) {
        return client instanceof Pool own
                ? own.withTransaction(tx -> issue(tx, caller.workspaceId(), caller.userId(), caller.role(), name))
                : issue(client, caller.workspaceId(), caller.userId(), caller.role(), name);
    }

    /** A new key for back-office provisioning, in its own transaction. */
    public Uni<IssuedKey> provision(UUID workspaceId, UUID userId, Role role, String name) {
        return pool.withTransaction(tx -> issue(tx, workspaceId, userId, role, name));
    }

    /** Creates a key and its {@code apikey.created} event on {@code tx}; 404 for a missing workspace, 400 over quota. */
    private Uni<IssuedKey> issue(SqlClient tx, UUID workspaceId, UUID userId, Role role, String name) {
        String plaintext = ApiKeyTokens.generate(random);
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.workspaceId = workspaceId;
        key.userId = userId;
        key.role = role;
        key.name = name;
        key.keyHash = ApiKeyTokens.hash(plaintext);
        key.keyLast4 = ApiKeyTokens.last4(plaintext);
        key.createdAt = Timestamps.now();
        return writes.lockWorkspace(tx, workspaceId)
                .chain(exists -> {
                    if (!exists) {
                        throw new NotFound("Workspace");
                    }
                    return writes.countActive(tx, workspaceId);
                })
                .chain(count -> {
                    if (count >= quota.maxApiKeys()) {
                        throw new ApiKeyLimitReached();
                    }
                    return writes.insert(tx, key);
                })
                .chain(() -> events.raise(tx, workspaceId, EventType.APIKEY_CREATED, eventData(key)))
                .replaceWith(new IssuedKey(key, plaintext));
    }

    @WithSession
    public Uni<List<ApiKey>> list(Caller caller) {
        return keys.listActive(caller.workspaceId(), caller.userId());
    }

    /**
     * Revokes one of the caller's keys; revoking a revoked key changes nothing and fires nothing. The
     * key stops authenticating on this instance when the transaction has committed, and on the others
     * through the transaction's NOTIFY.
     */
    public Uni<Void> revoke(Caller caller, UUID id) {
        return pool.withTransaction(tx -> lockOwn(tx, caller, id).chain(key -> key.revokedAt != null
                ? Uni.createFrom().voidItem()
                : writes.revoke(tx, key.id, Timestamps.now()).chain(() -> revoked(tx, key))))
                .invoke(() -> keyCache.forget(id));
    }

    /** Deletes one of the caller's keys; {@code apikey.revoked} fires only if it was still active. */
    public Uni<Void> delete(Caller caller, UUID id) {
        return pool.withTransaction(tx -> lockOwn(tx, caller, id).chain(key -> writes.delete(tx, key.id)
                .chain(() -> key.revokedAt == null ? revoked(tx, key) : Uni.createFrom().voidItem())))
                .invoke(() -> keyCache.forget(id));
    }

    private Uni<ApiKey> lockOwn(SqlClient tx, Caller caller, UUID id) {
        return writes.lockOwn(tx, id, caller.workspaceId(), caller.userId())
                .map(found -> found.orElseThrow(() -> new NotFound("API key")));
    }

    private Uni<Void> revoked(SqlClient tx, ApiKey key) {
        return writes.announceRevoked(tx, key.id)
                .chain(() -> events.raise(tx, key.workspaceId, EventType.APIKEY_REVOKED, eventData(key)))
                .replaceWithVoid();
    }

    static Map<String, Object> eventData(ApiKey key) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("key_id", key.id.toString());
        data.put("name", key.name);
        data.put("key_preview", IssuedKey.preview(key));
        return data;
    }
}
