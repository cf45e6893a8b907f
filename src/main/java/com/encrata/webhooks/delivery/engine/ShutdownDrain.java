package com.encrata.webhooks.delivery.engine;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;

/**
 * What the engine does when the instance stops: it claims nothing more, gives back at once (with a
 * notification, so another instance takes them) the deliveries it held but had not started, and lets
 * the attempts in flight finish and their outcomes be written, for up to {@link #GRACE}.
 */
@ApplicationScoped
public class ShutdownDrain {

    private static final Logger LOG = Logger.getLogger(ShutdownDrain.class);
    static final Duration GRACE = Duration.ofSeconds(10);

    private final Claimer claimer;
    private final Dispatcher dispatcher;
    private final DeliveryQueue queue;
    private final OutcomeWriter outcomes;
    private final LeaseKeeper leases;

    public ShutdownDrain(Claimer claimer, Dispatcher dispatcher, DeliveryQueue queue, OutcomeWriter outcomes,
            LeaseKeeper leases) {
        this.claimer = claimer;
        this.dispatcher = dispatcher;
        this.queue = queue;
        this.outcomes = outcomes;
        this.leases = leases;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (!claimer.stop()) {
            return;
        }
        List<Claimed> unstarted = dispatcher.stop();
        unstarted.forEach(leases::drop);
        if (!unstarted.isEmpty()) {
            queue.releaseNow(unstarted).await().atMost(Duration.ofSeconds(2));
            LOG.infof("Shutdown: gave back %d deliveries not yet started", unstarted.size());
        }
        long deadline = System.nanoTime() + GRACE.toNanos();
        while ((dispatcher.inFlight() > 0 || outcomes.unwritten() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        leases.stop();
    }
}
