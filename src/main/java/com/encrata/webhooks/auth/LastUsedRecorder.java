package com.encrata.webhooks.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.encrata.webhooks.auth.repository.KeyLookup;
import com.encrata.webhooks.platform.time.Timestamps;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Keeps {@code last_used} of API keys current without a write on the request path: requests only
 * note the key here, and a background flush updates the rows every few seconds in one statement.
 */
@ApplicationScoped
public class LastUsedRecorder {

    private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class);

    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    private final KeyLookup keys;

    public LastUsedRecorder(KeyLookup keys) {
        this.keys = keys;
    }

    public void record(UUID keyId) {
        pending.add(keyId);
    }

    @Scheduled(every = "${encrata.api-keys.last-used-flush}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledFlush() {
        return flush().onFailure().invoke(e -> LOG.warnf("Could not update last_used of API keys: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Writes what was noted since the last flush; ids whose write fails are noted again. */
    public Uni<Integer> flush() {
        if (pending.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<UUID> batch = new ArrayList<>(pending);
        pending.removeAll(batch);
        Instant now = Timestamps.now();
        return keys.touch(batch, now).onFailure().invoke(() -> pending.addAll(batch));
    }
}
