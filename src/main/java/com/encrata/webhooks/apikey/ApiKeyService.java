package com.encrata.webhooks.apikey;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.common.Timestamps;
import com.encrata.webhooks.common.crypto.RandomTokens;
import com.encrata.webhooks.event.EventRecorder;
import com.encrata.webhooks.event.EventType;

import io.smallrye.mutiny.Uni;

/** Issues API keys and records the key events that go with them. */
@ApplicationScoped
public class ApiKeyService {

    private final ApiKeyRepository keys;
    private final EventRecorder events;
    private final RandomTokens random;

    public ApiKeyService(ApiKeyRepository keys, EventRecorder events, RandomTokens random) {
        this.keys = keys;
        this.events = events;
        this.random = random;
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
        IssuedKey issued = new IssuedKey(key, plaintext);
        return keys.persist(key)
                .chain(() -> events.record(workspaceId, EventType.APIKEY_CREATED, eventData(issued)))
                .replaceWith(issued);
    }

    static Map<String, Object> eventData(IssuedKey issued) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("key_id", issued.key().id.toString());
        data.put("name", issued.key().name);
        data.put("key_preview", issued.preview());
        return data;
    }
}
