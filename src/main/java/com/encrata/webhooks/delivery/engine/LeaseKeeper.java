package com.encrata.webhooks.delivery.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.encrata.webhooks.delivery.DeliveryConfig;

import io.vertx.core.Vertx;

/**
 * Keeps the short leases of everything this instance holds (queued, being checked, in flight, or
 * waiting for its outcome to be written) alive: a renewal every third of the lease, and every half
 * second while the database does not answer. A live instance, however slow, keeps its claims; a dead
 * one's are free again one lease after its last renewal.
 */
@ApplicationScoped
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);
    private static final long RETRY_MILLIS = 500;

    private final Vertx vertx;
    private final DeliveryQueue queue;
    private final DeliveryMetrics metrics;
    private final Duration lease;
    private final Map<UUID, Claimed> held = new ConcurrentHashMap<>();
    /** Held work whose outcome is on its way to the database: still renewed, never reported as lost here. */
    private final Set<UUID> recording = ConcurrentHashMap.newKeySet();
    private long timer = -1;
    private volatile boolean failing;
    private Runnable onRecovered = () -> { };

    public LeaseKeeper(Vertx vertx, DeliveryQueue queue, DeliveryMetrics metrics, DeliveryConfig config) {
        this.vertx = vertx;
        this.queue = queue;
        this.metrics = metrics;
        this.lease = config.lease();
    }

    public void hold(Claimed claimed) {
        held.put(claimed.id(), claimed);
    }

    public void drop(Claimed claimed) {
        held.remove(claimed.id());
        recording.remove(claimed.id());
    }

    /**
     * Its outcome is being written: a renewal that no longer finds it most likely ran just after the
     * outcome's commit (the outcome writer says so itself when a lease really was lost).
     */
    public void recording(Claimed claimed) {
        recording.add(claimed.id());
    }

    /** Starts renewing; {@code onRecovered} runs when renewals work again after failing. */
    public synchronized void start(Runnable onRecovered) {
        this.onRecovered = onRecovered;
        timer = vertx.setPeriodic(Math.max(100, lease.toMillis() / 3), id -> renew());
    }

    /**
     * True while renewals fail (the database is away): claiming now could take back, under a new
     * token, work this instance still holds whose lease ran out meanwhile.
     */
    public boolean failing() {
        return failing;
    }

    public synchronized void stop() {
        vertx.cancelTimer(timer);
    }

    /** Renews every held lease in one statement; work whose lease was lost is reported, not sent twice. */
    void renew() {
        List<Claimed> snapshot = new ArrayList<>(held.values());
        if (snapshot.isEmpty()) {
            // Nothing held, nothing to protect: claiming may go on (and find out for itself).
            renewed(snapshot, Set.of());
            return;
        }
        queue.renew(snapshot, lease).subscribe().with(kept -> renewed(snapshot, kept), failure -> {
            boolean first;
            synchronized (this) {
                first = !failing;
                failing = true;
            }
            metrics.databaseFailure("renew_leases");
            if (first) {
                LOG.warnf("Cannot renew %d delivery leases (%s); retrying every %d ms", snapshot.size(),
                        failure.getClass().getSimpleName(), RETRY_MILLIS);
            }
            vertx.setTimer(RETRY_MILLIS, id -> {
                if (failing) {
                    renew();
                }
            });
        });
    }

    private void renewed(List<Claimed> snapshot, Set<UUID> kept) {
        boolean recovered;
        synchronized (this) {
            recovered = failing;
            failing = false;
        }
        if (recovered) {
            LOG.info("Delivery leases are renewed again");
            onRecovered.run();
        }
        long lost = snapshot.stream()
                .filter(c -> !kept.contains(c.id()) && held.containsKey(c.id()) && !recording.contains(c.id())).count();
        if (lost > 0) {
            LOG.warnf("%d delivery leases were lost (taken over after the database was away); their outcomes"
                    + " will not be recorded here", lost);
        }
    }
}
