package com.encrata.webhooks.delivery.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.encrata.webhooks.delivery.DeliveryConfig;
import com.encrata.webhooks.webhook.validation.WebhookUrlPolicy;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Claims due deliveries and runs their attempts with bounded concurrency, overall and per target
 * host. Woken by notifications, by a finished attempt and by a polling timer; after a database
 * failure it backs off (up to 30 s) instead of spinning. On shutdown it stops claiming, lets
 * attempts in flight finish and gives back what it had not started.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final DeliveryQueue queue;
    private final DeliveryAttempt attempt;
    private final DeliveryNotifications notifications;
    private final DeliveryMetrics metrics;
    private final DeliveryConfig config;

    private final AttemptSlots<Waiting> slots;
    private final Backoff backoff = new Backoff(MAX_BACKOFF_MILLIS);
    private boolean claiming;
    private boolean wakeAgain;
    private boolean stopped = true;
    private long backoffUntil;
    private long pollTimer = -1;

    private record Waiting(Claimed claimed, long claimedAtNanos) {
    }

    public Dispatcher(Vertx vertx, DeliveryQueue queue, DeliveryAttempt attempt, DeliveryNotifications notifications,
            DeliveryMetrics metrics, DeliveryConfig config) {
        this.vertx = vertx;
        this.queue = queue;
        this.attempt = attempt;
        this.notifications = notifications;
        this.metrics = metrics;
        this.config = config;
        this.slots = new AttemptSlots<>(config.concurrency(), config.concurrencyPerHost());
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.dispatcherEnabled()) {
            LOG.info("Delivery dispatcher disabled on this instance");
            return;
        }
        synchronized (this) {
            stopped = false;
        }
        notifications.listen(this::wake);
        pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> {
            wake();
            queue.countPending().subscribe().with(metrics::pending, e -> failed("count pending deliveries", e));
        });
        wake();
    }

    void onStop(@Observes ShutdownEvent event) {
        List<Waiting> unstarted;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            unstarted = slots.drainWaiting();
        }
        vertx.cancelTimer(pollTimer);
        notifications.close();
        unstarted.forEach(w -> queue.release(w.claimed(), 0).await().atMost(Duration.ofSeconds(2)));
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Claims more work if there is room; coalesces concurrent wake-ups into one claim at a time. */
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
            room = slots.room(config.batchSize());
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
                dispatch(new Waiting(c, now));
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

    private void dispatch(Waiting w) {
        String host = hostOf(w.claimed());
        synchronized (this) {
            // Held locally for half its lease already: give it back rather than risk a second sender.
            boolean stale = System.nanoTime() - w.claimedAtNanos() > config.lease().toNanos() / 2;
            if (stopped || stale) {
                queue.release(w.claimed(), 0).subscribe().with(v -> { }, e -> failed("release a claim", e));
                return;
            }
            if (!slots.startOrQueue(host, w)) {
                return;
            }
            metrics.inFlight(slots.running());
        }
        metrics.started(Duration.ofNanos(System.nanoTime() - w.claimedAtNanos()));
        // Each attempt on its own duplicated context: its log context (request id) stays its own.
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        context.runOnContext(v -> attempt.run(w.claimed()).subscribe().with(done -> finished(host), e -> finished(host)));
    }

    private void finished(String host) {
        Optional<Waiting> next;
        synchronized (this) {
            next = slots.finish(host);
            metrics.inFlight(slots.running());
        }
        next.ifPresent(this::dispatch);
        wake();
    }

    /** A background statement failed: the lease or the next poll recovers; say so once per failure. */
    private void failed(String what, Throwable e) {
        metrics.databaseFailure(what.replace(' ', '_'));
        LOG.warnf("Could not %s: %s", what, e.getClass().getSimpleName());
    }

    public synchronized int inFlight() {
        return slots.running();
    }

    private static String hostOf(Claimed claimed) {
        WebhookUrlPolicy.Target target = WebhookUrlPolicy.target(claimed.url());
        return target.host() + ":" + target.port();
    }
}
