package com.encrata.webhooks.delivery.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How many attempts may run: at most {@code overall} on this instance and {@code perHost} to one
 * target host. Work whose host is full waits in that host's queue, work beyond the overall limit in
 * one queue of its own (deliveries handed over by intake wait there), each first in first out; both
 * count against the room for new claims. An answered attempt frees its slot for the next one at once
 * ({@link #answered}) but counts against the room until its outcome is {@link #recorded}. Not
 * thread-safe: the dispatcher guards it.
 */
final class AttemptSlots<T> {

    private final int overall;
    private final int perHost;
    private final Map<String, Integer> runningByHost = new HashMap<>();
    private final Map<String, Deque<T>> waitingByHost = new HashMap<>();
    private final Deque<T> waitingForRoom = new ArrayDeque<>();
    private int running;
    private int waiting;
    private int recording;

    AttemptSlots(int overall, int perHost) {
        this.overall = overall;
        this.perHost = perHost;
    }

    /** How many more deliveries may be claimed now, at most {@code batch}. */
    int room(int batch) {
        return Math.max(0, Math.min(batch, overall - running - waiting - recording));
    }

    /** How many more deliveries may be taken on now when up to {@code backlog} of them may wait for room. */
    int roomWithBacklog(int backlog) {
        return Math.max(0, overall + backlog - running - waiting - recording);
    }

    /**
     * Takes a slot of {@code host} for {@code item} and answers true, or queues it behind the host's
     * running attempts, or behind all running attempts when the overall limit is reached.
     */
    boolean startOrQueue(String host, T item) {
        if (runningByHost.getOrDefault(host, 0) >= perHost) {
            waitingByHost.computeIfAbsent(host, h -> new ArrayDeque<>()).add(item);
            waiting++;
            return false;
        }
        if (running >= overall) {
            waitingForRoom.add(item);
            waiting++;
            return false;
        }
        runningByHost.merge(host, 1, Integer::sum);
        running++;
        return true;
    }

    /**
     * Frees a slot of {@code host}; answers the next item waiting for that host, or else the oldest one
     * waiting for room, to be started again.
     */
    Optional<T> finish(String host) {
        running--;
        if (runningByHost.merge(host, -1, Integer::sum) <= 0) {
            runningByHost.remove(host);
        }
        Deque<T> queued = waitingByHost.get(host);
        if (queued == null) {
            T next = waitingForRoom.poll();
            if (next == null) {
                return Optional.empty();
            }
            waiting--;
            return Optional.of(next);
        }
        T next = queued.poll();
        waiting--;
        if (queued.isEmpty()) {
            waitingByHost.remove(host);
        }
        return Optional.of(next);
    }

    /**
     * An attempt to {@code host} has its answer: its slot goes to the next attempt ({@link #finish}),
     * while it still counts against the room until {@link #recorded}.
     */
    Optional<T> answered(String host) {
        recording++;
        return finish(host);
    }

    /** The outcome of an answered attempt is recorded (or given up on). */
    void recorded() {
        recording--;
    }

    /** Attempts answered whose outcome is not yet recorded. */
    int recording() {
        return recording;
    }

    /** Empties every host queue (on shutdown), answering what was waiting. */
    List<T> drainWaiting() {
        List<T> drained = new ArrayList<>();
        waitingByHost.values().forEach(drained::addAll);
        waitingByHost.clear();
        drained.addAll(waitingForRoom);
        waitingForRoom.clear();
        waiting = 0;
        return drained;
    }

    int running() {
        return running;
    }

    int runningTo(String host) {
        return runningByHost.getOrDefault(host, 0);
    }

    int waiting() {
        return waiting;
    }
}
