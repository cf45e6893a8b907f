package com.encrata.webhooks.auth;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.encrata.webhooks.auth.repository.KeyLookup;
import com.encrata.webhooks.auth.repository.KeyLookup.Authentication;
import com.encrata.webhooks.platform.db.DatabaseNotifications;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgChannel;

/**
 * Remembers for a few seconds whom an active API key authenticates, so that a request on a path
 * without a rate limit starts its own work without a round trip for its key. A revocation takes
 * effect at once everywhere: the instance that revokes a key forgets it when the transaction has
 * committed, and the NOTIFY sent in that transaction makes every other instance forget it. Nothing
 * is kept or used while the instance is not listening (from the start until its LISTEN is in place,
 * and from a lost LISTEN connection until it is back, when everything kept is dropped); the time
 * limit bounds what a change made without the NOTIFY (by hand, in SQL) can miss. Unknown and revoked
 * keys are never kept.
 */
@ApplicationScoped
public class KeyCache {

    /** Notified with a key's id when it stops authenticating (revoked or deleted). */
    public static final String CHANNEL = "encrata_api_keys";
    private static final int MAX_KEYS = 10_000;

    private record Entry(Authentication authentication, long expires) {
    }

    private final KeyLookup lookup;
    private final DatabaseNotifications notifications;
    private final long ttlNanos;
    private final ConcurrentHashMap<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();
    // Moves on every forget: a lookup that started before it does not keep its answer.
    private final AtomicLong generation = new AtomicLong();
    // The LISTEN connection on which the channel was last subscribed; the cache is used only while
    // it is still the connection in place.
    private volatile PgConnection listeningOn;

    public KeyCache(KeyLookup lookup, DatabaseNotifications notifications,
            @ConfigProperty(name = "encrata.api-keys.cache") Duration ttl) {
        this.lookup = lookup;
        this.notifications = notifications;
        this.ttlNanos = Math.max(0, ttl.toNanos());
    }

    void onStart(@Observes StartupEvent event) {
        if (ttlNanos == 0) {
            return;
        }
        PgChannel channel = notifications.channel(CHANNEL);
        channel.subscribeHandler(subscribed -> {
            forgetAll();
            listeningOn = notifications.connection();
        });
        channel.handler(this::notified);
    }

    /** Whom an API key hash authenticates; null for no active key. */
    public Uni<Authentication> authenticate(byte[] hash) {
        if (!listening()) {
            return lookup.authenticate(hash, 0, 0);
        }
        ByteBuffer key = ByteBuffer.wrap(hash);
        Entry entry = entries.get(key);
        if (entry != null && entry.expires - System.nanoTime() > 0) {
            return Uni.createFrom().item(entry.authentication);
        }
        long seen = generation.get();
        return lookup.authenticate(hash, 0, 0).invoke(found -> keep(key, found, seen));
    }

    /** Whether the channel's LISTEN is in place on the connection open now: only then is the cache used. */
    boolean listening() {
        PgConnection subscribed = listeningOn;
        return subscribed != null && subscribed == notifications.connection();
    }

    /** Drops a key that stopped authenticating; the revoking instance calls it after its commit. */
    public void forget(UUID keyId) {
        generation.incrementAndGet();
        entries.values().removeIf(entry -> entry.authentication.keyId().equals(keyId));
    }

    private void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    private void notified(String payload) {
        UUID keyId;
        try {
            keyId = UUID.fromString(payload);
        } catch (IllegalArgumentException e) {
            forgetAll();
            return;
        }
        forget(keyId);
    }

    private void keep(ByteBuffer key, Authentication found, long seen) {
        if (found == null) {
            entries.remove(key);
            return;
        }
        long now = System.nanoTime();
        if (entries.size() >= MAX_KEYS) {
            entries.values().removeIf(entry -> entry.expires - now <= 0);
            if (entries.size() >= MAX_KEYS) {
                return;
            }
        }
        Entry entry = new Entry(found, now + ttlNanos);
        entries.put(key, entry);
        // A forget that started after this lookup may have missed the entry just put.
        if (generation.get() != seen) {
            entries.remove(key, entry);
        }
    }
}
