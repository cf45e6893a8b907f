package com.encrata.webhooks.delivery.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.encrata.webhooks.delivery.DeliveryConfig;
import com.encrata.webhooks.platform.net.UrlTarget;

import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The send stage: runs the attempts of the deliveries this instance holds (claimed by the
 * {@link Claimer} or handed over by intake) with bounded concurrency, overall and per target host
 * ({@link AttemptSlots}). One that waited for its host passes the {@link StartGate} just before it is
 * sent (a fresh claim was just checked by its own statement). An answered attempt frees its host's slot
 * at once: the limits are on requests in flight, and the host's next attempt need not wait for the
 * outcome's write (a batch of a few milliseconds). The attempt still counts against the room for new
 * work until its outcome is recorded, which then tells the claimer there is room: what this instance
 * holds (started, waiting, or being recorded) stays within the overall limit and the backlog.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    /** A claim younger than this starts without the gate's check: its own statement just checked it. */
    private static final long FRESH_CLAIM_NANOS = Duration.ofMillis(50).toNanos();
    /**
     * A rate-limited webhook's claim that could not start within this long is given back instead: its
     * token was spent at the claim, and starting it late, together with later claims, would exceed the
     * limit at the receiver (SPEC §10: over any 10 s at most 10 % above it). Half a second matches the
     * bucket's half second of burst: the starts within any 10 s then come from claims within 10.5 s.
     */
    static final long PACED_START_NANOS = Duration.ofMillis(500).toNanos();

    private final Vertx vertx;
    private final DeliveryQueue queue;
    private final DeliveryAttempt attempt;
    private final StartGate gate;
    private final LeaseKeeper leases;
    private final DeliveryMetrics metrics;

    private final AttemptSlots<Waiting> slots;
    private boolean stopped;
    private Runnable onRoom = () -> { };

    private record Waiting(Claimed claimed, String host, long claimedAtNanos) {
    }

    public Dispatcher(Vertx vertx, DeliveryQueue queue, DeliveryAttempt attempt, StartGate gate, LeaseKeeper leases,
            DeliveryMetrics metrics, DeliveryConfig config) {
        this.vertx = vertx;
        this.queue = queue;
        this.attempt = attempt;
        this.gate = gate;
        this.leases = leases;
        this.metrics = metrics;
        this.slots = new AttemptSlots<>(config.concurrency(), config.concurrencyPerHost());
    }

    /** {@code onRoom} runs whenever an attempt's outcome is recorded (or it ended without an attempt). */
    synchronized void whenRoom(Runnable onRoom) {
        this.onRoom = onRoom;
    }

    /** How many more deliveries this instance may take on now, at most {@code max}; 0 once stopped. */
    synchronized int room(int max) {
        return stopped ? 0 : slots.room(max);
    }

    /** The same when up to {@code backlog} deliveries may wait for a free slot here. */
    synchronized int roomWithBacklog(int backlog) {
        return stopped ? 0 : slots.roomWithBacklog(backlog);
    }

    /** Starts (or queues behind its host) a delivery this instance holds, leased {@code heldSinceNanos}. */
    void accept(Claimed claimed, long heldSinceNanos) {
        leases.hold(claimed);
        dispatch(new Waiting(claimed, UrlTarget.of(claimed.url()).hostAndPort(), heldSinceNanos));
    }

    /** Takes no more work; answers the deliveries held but not started, for the caller to give back. */
    synchronized List<Claimed> stop() {
        stopped = true;
        return slots.drainWaiting().stream().map(Waiting::claimed).toList();
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
        long waited = System.nanoTime() - w.claimedAtNanos();
        if (w.claimed().paced() && waited > PACED_START_NANOS) {
            metrics.pacedLate();
            queue.releaseNow(List.of(w.claimed())).subscribe().with(v -> finished(w), e -> {
                failed("give back a late claim", e);
                finished(w);
            });
            return;
        }
        if (waited < FRESH_CLAIM_NANOS) {
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
        context.runOnContext(v -> attempt.run(w.claimed(), () -> answered(w), () -> recorded(w)));
    }

    /** Its webhook was paused or deleted (or another instance holds it now): not sent. */
    private void refuse(Waiting w) {
        queue.failInactive(w.claimed()).subscribe().with(v -> finished(w), e -> {
            failed("fail a delivery of an inactive webhook", e);
            finished(w);
        });
    }

    /** Ended without an attempt (given back, or failed as inactive). */
    private void finished(Waiting w) {
        answered(w);
        recorded(w);
    }

    /** Its request is over: the host's slot goes to the next attempt; the outcome is being recorded. */
    private void answered(Waiting w) {
        Optional<Waiting> next;
        synchronized (this) {
            next = slots.answered(w.host());
            metrics.inFlight(slots.running());
        }
        next.ifPresent(this::dispatch);
    }

    /** Its outcome is recorded (or given up on): the lease is no longer kept, and there is room. */
    private void recorded(Waiting w) {
        Runnable room;
        leases.drop(w.claimed());
        synchronized (this) {
            slots.recorded();
            room = onRoom;
        }
        room.run();
    }

    /** A background statement failed: the lease or the next poll recovers; say so once per failure. */
    private void failed(String what, Throwable e) {
        metrics.databaseFailure(what.replace(' ', '_'));
        LOG.warnf("Could not %s: %s", what, e.getClass().getSimpleName());
    }

    /** Attempts started and not yet recorded. */
    public synchronized int inFlight() {
        return slots.running() + slots.recording();
    }
}
