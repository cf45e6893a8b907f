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
 * host ({@link AttemptSlots}); one that waited for its host passes the {@link StartGate} just before
 * it is sent (a fresh claim was just checked by its own statement), and the
 * {@link LeaseKeeper} keeps its claim alive until its outcome is written. Woken by notifications, by a
 * finished attempt and by a polling timer; after a database failure it backs off (up to 30 s), and it
 * claims nothing new while outcomes wait to be written. On shutdown it stops claiming, gives back at
 * once (with a notification, so another instance takes them) what it had not started, and lets
 * attempts in flight finish and be recorded.
 * <p>
 * Deliveries fanned out by this instance's intake can skip the claim: intake {@link #reserve reserves}
 * room, inserts that many already leased to this instance, and {@link #handOver hands them over}.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** A claim younger than this starts without the gate's check: its own statement just checked it. */
    private static final long FRESH_CLAIM_NANOS = Duration.ofMillis(50).toNanos();

    private final Vertx vertx;
    private final DeliveryQueue queue;
    private final OutcomeWriter outcomes;
    private final DeliveryAttempt attempt;
    private final StartGate gate;
    private final LeaseKeeper leases;
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
    /** Room promised to intake statements still running. */
    private int reserved;

    private record Waiting(Claimed claimed, String host, long claimedAtNanos) {
    }

    public Dispatcher(Vertx vertx, DeliveryQueue queue, OutcomeWriter outcomes, DeliveryAttempt attempt, StartGate gate,
            LeaseKeeper leases, DeliveryNotifications notifications, DeliveryMetrics metrics, DeliveryConfig config) {
        this.vertx = vertx;
        this.queue = queue;
        this.outcomes = outcomes;
        this.attempt = attempt;
        this.gate = gate;
        this.leases = leases;
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
        leases.start(this::wake);
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
        List<Claimed> released = unstarted.stream().map(Waiting::claimed).toList();
        released.forEach(leases::drop);
        if (!released.isEmpty()) {
            queue.releaseNow(released).await().atMost(Duration.ofSeconds(2));
            LOG.infof("Shutdown: gave back %d deliveries not yet started", released.size());
        }
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        while ((inFlight() > 0 || outcomes.unwritten() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        leases.stop();
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
            // After a database outage, outcomes still to write and leases still to renew come first:
            // claiming before them could take back deliveries this instance holds or has answered.
            room = outcomes.unwritten() > 0 || leases.failing() ? 0 : slots.room(config.batchSize()) - reserved;
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
                leases.hold(c);
                dispatch(new Waiting(c, hostOf(c), now));
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

    /** The lease deliveries handed over at intake are inserted with. */
    public Duration lease() {
        return config.lease();
    }

    /**
     * Reserves room for up to {@code wanted} deliveries that intake will insert already leased to this
     * instance; answers how many it may lease (0 when this instance does not dispatch or is busy).
     * Every reservation ends with {@link #handOver}, with the leased deliveries or none.
     */
    public synchronized int reserve(int wanted) {
        if (stopped || outcomes.unwritten() > 0 || leases.failing()) {
            return 0;
        }
        int granted = Math.max(0, Math.min(wanted, slots.room(Integer.MAX_VALUE) - reserved));
        reserved += granted;
        return granted;
    }

    /** Ends a reservation of {@code reservedCount}: starts the {@code leased} deliveries (committed, held by this instance). */
    public void handOver(int reservedCount, List<Claimed> leased) {
        synchronized (this) {
            reserved -= reservedCount;
        }
        long now = System.nanoTime();
        leased.forEach(c -> {
            leases.hold(c);
            dispatch(new Waiting(c, hostOf(c), now));
        });
        if (leased.size() < reservedCount) {
            wake();
        }
    }

    private void dispatch(Waiting w) {
        synchronized (this) {
            if (stopped) {
                leases.drop(w.claimed());
                queue.releaseNow(List.of(w.claimed())).subscribe().with(v -> { }, e -> failed("release a claim", e));
                return;
            }
            if (!slots.startOrQueue(w.host(), w)) {
                return;
            }
            metrics.inFlight(slots.running());
        }
        if (System.nanoTime() - w.claimedAtNanos() < FRESH_CLAIM_NANOS) {
            // Claimed a moment ago by a statement that saw whether the webhook is active: on its way.
            if (w.claimed().webhookActive()) {
                start(w);
            } else {
                refuse(w);
            }
        } else {
            gate.pass(w.claimed(), () -> start(w), () -> refuse(w));
        }
    }

    private void start(Waiting w) {
        metrics.started(Duration.ofNanos(System.nanoTime() - w.claimedAtNanos()));
        // Each attempt on its own duplicated context: its log context (request id) stays its own.
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        context.runOnContext(v -> attempt.run(w.claimed(), () -> finished(w)));
    }

    /** Its webhook was paused or deleted (or another instance holds it now): not sent. */
    private void refuse(Waiting w) {
        queue.failInactive(w.claimed()).subscribe().with(v -> finished(w), e -> {
            failed("fail a delivery of an inactive webhook", e);
            finished(w);
        });
    }

    private void finished(Waiting w) {
        Optional<Waiting> next;
        leases.drop(w.claimed());
        synchronized (this) {
            next = slots.finish(w.host());
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
