package com.encrata.webhooks.delivery.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.encrata.webhooks.delivery.DeliveryConfig;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * The claim stage: leases due deliveries from the queue up to the room the {@link Dispatcher} has
 * (less what intake has reserved) and hands them to it. Woken by notifications, by a finished attempt
 * and by a polling timer; coalesces wake-ups into one claim at a time; after a database failure it
 * backs off (up to 30 s), and it claims nothing while outcomes wait to be written or leases cannot be
 * renewed (claiming then could take back work this instance holds or has answered).
 */
@ApplicationScoped
public class Claimer {

    private static final Logger LOG = Logger.getLogger(Claimer.class);
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    private final Vertx vertx;
    private final DeliveryQueue queue;
    private final Dispatcher dispatcher;
    private final IntakeHandOver handOver;
    private final OutcomeWriter outcomes;
    private final LeaseKeeper leases;
    private final DeliveryNotifications notifications;
    private final DeliveryMetrics metrics;
    private final DeliveryConfig config;

    private final Backoff backoff = new Backoff(MAX_BACKOFF_MILLIS);
    private boolean claiming;
    private boolean wakeAgain;
    private boolean stopped = true;
    private long backoffUntil;
    private long pollTimer = -1;

    public Claimer(Vertx vertx, DeliveryQueue queue, Dispatcher dispatcher, IntakeHandOver handOver,
            OutcomeWriter outcomes, LeaseKeeper leases, DeliveryNotifications notifications, DeliveryMetrics metrics,
            DeliveryConfig config) {
        this.vertx = vertx;
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.handOver = handOver;
        this.outcomes = outcomes;
        this.leases = leases;
        this.notifications = notifications;
        this.metrics = metrics;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.dispatcherEnabled()) {
            LOG.info("Delivery dispatcher disabled on this instance");
            return;
        }
        synchronized (this) {
            stopped = false;
        }
        handOver.open();
        notifications.listen(this::wake);
        leases.start(this::wake);
        dispatcher.whenRoom(this::wake);
        pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> {
            wake();
            queue.countPending().subscribe().with(metrics::pending, e -> {
                metrics.databaseFailure("count_pending_deliveries");
                LOG.debugf("Could not count pending deliveries: %s", e.getClass().getSimpleName());
            });
        });
        wake();
    }

    /** Claims nothing more (shutdown); false when it was not running. */
    boolean stop() {
        synchronized (this) {
            if (stopped) {
                return false;
            }
            stopped = true;
        }
        vertx.cancelTimer(pollTimer);
        notifications.close();
        return true;
    }

    /** Claims more work if there is room. */
    public void wake() {
        int room;
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (claiming || System.currentTimeMillis() < backoffUntil) {
                wakeAgain = claiming;
                return;
            }
            room = outcomes.unwritten() > 0 || leases.failing() ? 0
                    : dispatcher.room(config.batchSize()) - handOver.reserved();
            if (room <= 0) {
                return;
            }
            claiming = true;
            wakeAgain = false;
        }
        int requested = room;
        queue.claim(requested, config.lease()).subscribe().with(claimed -> {
            boolean more;
            synchronized (this) {
                claiming = false;
                backoff.succeeded();
                more = claimed.size() == requested || wakeAgain;
            }
            long now = System.nanoTime();
            claimed.forEach(c -> {
                metrics.claimed(c.lagSeconds());
                dispatcher.accept(c, now);
            });
            if (more) {
                wake();
            }
        }, failure -> {
            long delay;
            synchronized (this) {
                claiming = false;
                delay = backoff.failed();
                backoffUntil = System.currentTimeMillis() + delay;
            }
            LOG.warnf("Cannot claim deliveries (%s); retrying in %d ms", failure.getClass().getSimpleName(), delay);
            vertx.setTimer(delay, id -> wake());
        });
    }
}
