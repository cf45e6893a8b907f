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
 * target host. Work whose host is full waits in that host's queue, first in first out, and counts
 * against the room for new claims. Not thread-safe: the dispatcher guards it.
 */
final class AttemptSlots<T> {

    private final int overall;
    private final int perHost;
    private final Map<String, Integer> runningByHost = new HashMap<>();
    private final Map<String, Deque<T>> waitingByHost = new HashMap<>();
    private int running;
    private int waiting;

    AttemptSlots(int overall, int perHost) {
        this.overall = overall;
        this.perHost = perHost;
    }

    /** How many more deliveries may be claimed now, at most {@code batch}. */
    int room(int batch) {
        return Math.max(0, Math.min(batch, overall - running - waiting));
    }

    /** Takes a slot of {@code host} for {@code item} and answers true, or queues it behind the host's running attempts. */
    boolean startOrQueue(String host, T item) {
        if (runningByHost.getOrDefault(host, 0) >= perHost) {
            waitingByHost.computeIfAbsent(host, h -> new ArrayDeque<>()).add(item);
            waiting++;
            return false;
        }
        runningByHost.merge(host, 1, Integer::sum);
        running++;
        return true;
    }

    /** Frees a slot of {@code host}; answers the next item waiting for that host, to be started again. */
    Optional<T> finish(String host) {
        running--;
        if (runningByHost.merge(host, -1, Integer::sum) <= 0) {
            runningByHost.remove(host);
        }
        Deque<T> queued = waitingByHost.get(host);
        if (queued == null) {
            return Optional.empty();
        }
        T next = queued.poll();
        waiting--;
        if (queued.isEmpty()) {
            waitingByHost.remove(host);
        }
        return Optional.of(next);
    }

    /** Empties every host queue (on shutdown), answering what was waiting. */
    List<T> drainWaiting() {
        List<T> drained = new ArrayList<>();
        waitingByHost.values().forEach(drained::addAll);
        waitingByHost.clear();
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
