package com.encrata.webhooks.delivery.engine;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.encrata.webhooks.delivery.DeliveryConfig;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The claim stage: leases due deliveries from the queue up to the room the {@link Dispatcher} has
 * (less what intake has reserved) and hands them to it. Woken by notifications, by a finished attempt
 * and by a polling timer; coalesces wake-ups into one claim at a time; after a database failure it
 * backs off (up to 30 s), and it claims nothing while outcomes kept through a database outage wait to
 * be written or leases cannot be renewed (claiming then could take back work this instance holds or
 * has answered).
 * <p>
 * Webhooks scheduled on their own (fifo ordering, a rate limit) are claimed first, lane by lane
 * ({@link DeliveryQueue#claimScheduled}); while a rate limit holds work back, the claimer looks again
 * every {@link #PACE_MILLIS} ms, so that a limited webhook drains at its pace, not slower.
 */
@ApplicationScoped
public class Claimer {

    private static final Logger LOG = Logger.getLogger(Claimer.class);
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    static final long PACE_MILLIS = 100;

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
    /** Whether any webhook is scheduled on its own (fifo, rate limit), as of the last poll. */
    private volatile boolean scheduledLanes = true;
    private boolean paceTimerSet;

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
            queue.state().subscribe().with(state -> {
                metrics.pending(state.pending());
                scheduledLanes = state.scheduled();
                if (state.takenBack() > 0) {
                    LOG.infof("Took back %d deliveries handed over to an instance whose lease ran out",
                            state.takenBack());
                    wake();
                }
            }, e -> {
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

    /** One wake-up {@link #PACE_MILLIS} from now, unless one is already set. */
    private void paceLater() {
        synchronized (this) {
            if (paceTimerSet) {
                return;
            }
            paceTimerSet = true;
        }
        vertx.setTimer(PACE_MILLIS, id -> {
            synchronized (this) {
                paceTimerSet = false;
            }
            wake();
        });
    }

    /** Gives claims to the dispatcher, made by a statement sent at {@code askedNanos} (their lease began after it). */
    private void hand(List<Claimed> claimed, long askedNanos) {
        claimed.forEach(c -> {
            metrics.claimed(c.lagSeconds());
            dispatcher.accept(c, askedNanos);
        });
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
            room = outcomes.behind() || leases.failing() ? 0
                    : dispatcher.room(config.batchSize()) - handOver.reserved();
            if (room <= 0) {
                return;
            }
            claiming = true;
            wakeAgain = false;
        }
        int requested = room;
        long asked = System.nanoTime();
        Uni<DeliveryQueue.Scheduled> scheduled = scheduledLanes ? queue.claimScheduled(requested, config.lease())
                : Uni.createFrom().item(new DeliveryQueue.Scheduled(List.of(), false));
        scheduled.chain(lanes -> {
            hand(lanes.claimed(), asked);
            if (lanes.paced()) {
                paceLater();
            }
            int rest = requested - lanes.claimed().size();
            return rest <= 0 ? Uni.createFrom().item(lanes.claimed().size())
                    : queue.claim(rest, config.lease()).map(claimed -> {
                        hand(claimed, System.nanoTime());
                        return lanes.claimed().size() + claimed.size();
                    });
        }).subscribe().with(got -> {
            boolean more;
            synchronized (this) {
                claiming = false;
                backoff.succeeded();
                more = got == requested || wakeAgain;
            }
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
