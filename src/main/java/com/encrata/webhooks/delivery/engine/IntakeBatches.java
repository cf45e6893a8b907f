package com.encrata.webhooks.delivery.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Events that reach intake together are stored by one statement: while {@link #RUNNING} statements
 * run, events that come in wait, and the next statement takes all that wait (up to {@link #MAX_EVENTS}
 * and {@link #MAX_BYTES} of bodies, at least one). An event that arrives when fewer run waits for
 * nothing. Each one's result comes back on the Vert.x context it was submitted from. When a statement
 * of several fails, each of its events is run again alone, so that one event's failure is its own.
 *
 * @param <T> what one event brings
 * @param <R> what the statement answers for it ({@code run} answers one per event, in order)
 */
final class IntakeBatches<T, R> {

    static final int RUNNING = 2;
    static final int MAX_EVENTS = 64;
    static final long MAX_BYTES = 1024 * 1024;

    private record Waiting<T, R>(T item, long bytes, Context context, UniEmitter<? super R> emitter) {
    }

    private final Function<List<T>, Uni<List<R>>> run;
    private final ArrayDeque<Waiting<T, R>> waiting = new ArrayDeque<>();
    private int running;

    IntakeBatches(Function<List<T>, Uni<List<R>>> run) {
        this.run = run;
    }

    /** Runs {@code item} (of {@code bytes}) in the next statement. */
    Uni<R> submit(T item, long bytes) {
        return Uni.createFrom().emitter(emitter -> {
            List<Waiting<T, R>> batch;
            synchronized (this) {
                waiting.add(new Waiting<>(item, bytes, Vertx.currentContext(), emitter));
                batch = next();
            }
            if (batch != null) {
                start(batch);
            }
        });
    }

    /** Events waiting for a statement (for tests and metrics). */
    synchronized int waiting() {
        return waiting.size();
    }

    /** The next batch to start, when one may start now; called holding the lock. */
    private List<Waiting<T, R>> next() {
        if (running >= RUNNING || waiting.isEmpty()) {
            return null;
        }
        running++;
        List<Waiting<T, R>> batch = new ArrayList<>(Math.min(waiting.size(), MAX_EVENTS));
        long bytes = 0;
        while (!waiting.isEmpty() && batch.size() < MAX_EVENTS
                && (batch.isEmpty() || bytes + waiting.peek().bytes() <= MAX_BYTES)) {
            Waiting<T, R> w = waiting.poll();
            bytes += w.bytes();
            batch.add(w);
        }
        return batch;
    }

    private void start(List<Waiting<T, R>> batch) {
        List<T> items = new ArrayList<>(batch.size());
        batch.forEach(w -> items.add(w.item()));
        Uni.createFrom().deferred(() -> run.apply(items)).subscribe().with(results -> {
            for (int i = 0; i < batch.size(); i++) {
                answer(batch.get(i), results.get(i), null);
            }
            finished();
        }, failure -> {
            if (batch.size() == 1) {
                answer(batch.get(0), null, failure);
            } else {
                batch.forEach(this::alone);
            }
            finished();
        });
    }

    private void alone(Waiting<T, R> w) {
        Uni.createFrom().deferred(() -> run.apply(List.of(w.item()))).subscribe()
                .with(results -> answer(w, results.get(0), null), failure -> answer(w, null, failure));
    }

    private void finished() {
        List<Waiting<T, R>> batch;
        synchronized (this) {
            running--;
            batch = next();
        }
        if (batch != null) {
            start(batch);
        }
    }

    private static <T, R> void answer(Waiting<T, R> w, R result, Throwable failure) {
        Runnable complete = failure == null ? () -> w.emitter().complete(result) : () -> w.emitter().fail(failure);
        if (w.context() == null || w.context() == Vertx.currentContext()) {
            complete.run();
        } else {
            w.context().runOnContext(v -> complete.run());
        }
    }
}
