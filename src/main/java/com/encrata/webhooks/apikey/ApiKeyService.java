package com.encrata.webhooks.apikey;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.common.ApiException;
import com.encrata.webhooks.common.Timestamps;
import com.encrata.webhooks.common.crypto.RandomTokens;
import com.encrata.webhooks.event.EventRecorder;
import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.common.QuotaConfig;
import com.encrata.webhooks.workspace.WorkspaceRepository;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Issues, lists, revokes and deletes API keys, recording the key events in the same transaction. */
@ApplicationScoped
public class ApiKeyService {

    public static final String LIMIT_REACHED = "API key limit reached";

    private final ApiKeyRepository keys;
    private final EventRecorder events;
    private final RandomTokens random;
    private final WorkspaceRepository workspaces;
    private final QuotaConfig quota;

    public ApiKeyService(ApiKeyRepository keys, EventRecorder events, RandomTokens random,
            WorkspaceRepository workspaces, QuotaConfig quota) {
        this.workspaces = workspaces;
        this.quota = quota;
        this.keys = keys;
        this.events = events;
        this.random = random;
    }

    /** A new key for the caller's own user, workspace and role. */
    @WithTransaction
    public Uni<IssuedKey> create(Caller caller, String name) {
        return issue(caller.workspaceId(), caller.userId(), caller.role(), name);
    }

    /** Creates a key and its {@code apikey.created} event; must run inside a transaction. */
    public Uni<IssuedKey> issue(UUID workspaceId, UUID userId, Role role, String name) {
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
        return workspaces.lockForQuota(workspaceId)
                .chain(() -> keys.countActive(workspaceId))
                .chain(count -> {
                    if (count >= quota.maxApiKeys()) {
                        throw new ApiException(400, LIMIT_REACHED);
                    }
                    return keys.persist(key);
                })
                .chain(() -> events.record(workspaceId, EventType.APIKEY_CREATED, eventData(key)))
                .replaceWith(new IssuedKey(key, plaintext));
    }

    @WithSession
    public Uni<List<ApiKey>> list(Caller caller) {
        return keys.listActive(caller.workspaceId(), caller.userId());
    }

    /** Revokes one of the caller's keys; revoking a revoked key changes nothing and fires nothing. */
    @WithTransaction
    public Uni<Void> revoke(Caller caller, UUID id) {
        return findOwn(caller, id).chain(key -> {
            if (key.revokedAt != null) {
                return Uni.createFrom().voidItem();
            }
            key.revokedAt = Timestamps.now();
            return events.record(key.workspaceId, EventType.APIKEY_REVOKED, eventData(key)).replaceWithVoid();
        });
    }

    /** Deletes one of the caller's keys; {@code apikey.revoked} fires only if it was still active. */
    @WithTransaction
    public Uni<Void> delete(Caller caller, UUID id) {
        return findOwn(caller, id).chain(key -> {
            Uni<Void> event = key.revokedAt == null
                    ? events.record(key.workspaceId, EventType.APIKEY_REVOKED, eventData(key)).replaceWithVoid()
                    : Uni.createFrom().voidItem();
            return event.chain(() -> keys.delete(key));
        });
    }

    private Uni<ApiKey> findOwn(Caller caller, UUID id) {
        return keys.findOwn(id, caller.workspaceId(), caller.userId())
                .onItem().ifNull().failWith(() -> ApiException.notFound("API key"));
    }

    static Map<String, Object> eventData(ApiKey key) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("key_id", key.id.toString());
        data.put("name", key.name);
        data.put("key_preview", IssuedKey.preview(key));
        return data;
    }
}
