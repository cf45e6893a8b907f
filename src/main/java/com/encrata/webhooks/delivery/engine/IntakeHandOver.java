package com.encrata.webhooks.delivery.engine;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.delivery.DeliveryConfig;

/**
 * Deliveries fanned out by this instance's intake skip the claim: intake {@link #reserve reserves}
 * room in the {@link Dispatcher}, inserts that many already leased to this instance, and
 * {@link #handOver hands them over}. Room is promised only while this instance dispatches, its
 * outcomes are written and its leases renewed, and it includes a backlog of up to {@link #BACKLOG}
 * deliveries waiting for a free slot: during a burst the slots are always full, and without it
 * nearly every delivery would be inserted unleased and claimed a moment later by this same instance,
 * a statement and a rewritten row each. The backlog drains in well under a lease (a few hundred
 * milliseconds at the engine's pace); its leases are renewed like any other.
 */
@ApplicationScoped
public class IntakeHandOver {

    static final int BACKLOG = 512;
    /**
     * The backlog also holds at most this many bytes of payload: each held delivery keeps its payload
     * (and, once started, its bytes) on a heap of about 100 MiB, and 512 deliveries of 60 KiB would
     * fill most of it (collections back to back).
     */
    static final long BACKLOG_BYTES = 8L * 1024 * 1024;

    private final Dispatcher dispatcher;
    private final OutcomeWriter outcomes;
    private final LeaseKeeper leases;
    private final Claimer claimer;
    private final Duration lease;
    private boolean open;
    /** Room promised to intake statements still running. */
    private int reserved;

    public IntakeHandOver(Dispatcher dispatcher, OutcomeWriter outcomes, LeaseKeeper leases, Claimer claimer,
            DeliveryConfig config) {
        this.dispatcher = dispatcher;
        this.outcomes = outcomes;
        this.leases = leases;
        this.claimer = claimer;
        this.lease = config.lease();
    }

    /** This instance dispatches: intake may hand work over from now on. */
    synchronized void open() {
        open = true;
    }

    /** The lease deliveries handed over at intake are inserted with. */
    Duration lease() {
        return lease;
    }

    /** Room promised to intake statements still running. */
    synchronized int reserved() {
        return reserved;
    }

    /**
     * Reserves room for up to {@code wanted} deliveries of a payload of {@code payloadBytes} that intake
     * will insert already leased to this instance; answers how many it may lease (0 when this instance
     * does not dispatch or is busy). Every reservation ends with {@link #handOver}, with the leased
     * deliveries or none.
     */
    synchronized int reserve(int wanted, int payloadBytes) {
        if (!open || outcomes.behind() || leases.failing()) {
            return 0;
        }
        int backlog = (int) Math.min(BACKLOG, BACKLOG_BYTES / Math.max(1, payloadBytes));
        int granted = Math.max(0, Math.min(wanted, dispatcher.roomWithBacklog(backlog) - reserved));
        reserved += granted;
        return granted;
    }

    /** Ends a reservation of {@code reservedCount}: starts the {@code leased} deliveries (committed, held by this instance). */
    void handOver(int reservedCount, List<Claimed> leased) {
        synchronized (this) {
            reserved -= reservedCount;
        }
        long now = System.nanoTime();
        leased.forEach(c -> dispatcher.accept(c, now));
        if (leased.size() < reservedCount) {
            claimer.wake();
        }
    }
}
