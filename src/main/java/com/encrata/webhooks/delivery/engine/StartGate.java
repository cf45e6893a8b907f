package com.encrata.webhooks.delivery.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * The last look before a claimed delivery is sent: is it still this instance's, and is its webhook
 * still active? One statement answers for every delivery that reached the gate while the previous
 * one ran, so a pause or delete that has committed stops every request that has not left yet, at one
 * statement per batch. When the database cannot answer, the claim's own view (active when claimed)
 * decides.
 */
@ApplicationScoped
public class StartGate {

    private static final Logger LOG = Logger.getLogger(StartGate.class);

    private record Waiting(Claimed claimed, Runnable start, Runnable refuse) {
    }

    private final DeliveryQueue queue;
    private final DeliveryMetrics metrics;
    private final List<Waiting> waiting = new ArrayList<>();
    private boolean checking;

    public StartGate(DeliveryQueue queue, DeliveryMetrics metrics) {
        this.queue = queue;
        this.metrics = metrics;
    }

    /** Runs {@code start} if the delivery may be sent now, else {@code refuse}. */
    public void pass(Claimed claimed, Runnable start, Runnable refuse) {
        if (!claimed.webhookActive()) {
            refuse.run();
            return;
        }
        synchronized (this) {
            waiting.add(new Waiting(claimed, start, refuse));
            if (checking) {
                return;
            }
            checking = true;
        }
        checkNext();
    }

    private void checkNext() {
        List<Waiting> batch;
        synchronized (this) {
            batch = new ArrayList<>(waiting);
            waiting.clear();
            if (batch.isEmpty()) {
                checking = false;
                return;
            }
        }
        queue.startable(batch.stream().map(Waiting::claimed).toList()).subscribe().with(startable -> {
            decide(batch, startable);
            checkNext();
        }, failure -> {
            metrics.databaseFailure("start_check");
            LOG.debugf("Cannot check %d deliveries before sending (%s); the claims decide", batch.size(),
                    failure.getClass().getSimpleName());
            batch.forEach(w -> w.start().run());
            checkNext();
        });
    }

    private static void decide(List<Waiting> batch, Set<UUID> startable) {
        for (Waiting w : batch) {
            (startable.contains(w.claimed().id()) ? w.start() : w.refuse()).run();
        }
    }
}
