package com.encrata.webhooks.delivery.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import io.vertx.core.http.HttpClient;

/**
 * Keeps the requests to one endpoint that wait for a connection at once to as many as it has
 * connections open, and at least the limit. Each request that waits in the client's pool while every
 * connection is busy makes the pool open one more, and a new connection costs a TLS handshake, by far
 * the costliest part of a first request. Without a bound, an event fanned out to many webhooks of one
 * host opened as many connections as the host's concurrency allows, all at once, and the first
 * deliveries waited for all of their handshakes. With it, a cold endpoint gets a few connections, then
 * twice as many, and so on while work keeps waiting (as TCP's slow start does with its window), and the
 * rest wait here, in order, taking connections as they come free. An endpoint is a client (with its TLS
 * identity), an address and port, and a host name; it is forgotten when it has no connection open and
 * nothing waits for it.
 */
final class ConnectionRamp {

    record Endpoint(HttpClient client, String address, int port, String host) {
    }

    private static final class State {
        int acquiring;
        /** The connections open that requests here got, as the client's connection objects. */
        final Set<Object> open = new HashSet<>();
        final Deque<BooleanSupplier> queued = new ArrayDeque<>();

        boolean idle() {
            return acquiring == 0 && open.isEmpty();
        }

        boolean room(int limit) {
            return acquiring < Math.max(limit, open.size());
        }
    }

    private final int limit;
    private final ConcurrentHashMap<Endpoint, State> endpoints = new ConcurrentHashMap<>();

    ConnectionRamp(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("encrata.delivery.connecting-per-host must be at least 1");
        }
        this.limit = limit;
    }

    /**
     * Runs {@code acquire} now, or once fewer requests to {@code endpoint} wait for a connection than
     * it may have. {@code acquire} answers whether it asked the client for a connection: then
     * {@link #acquired} must follow once it has one (or failed to get one); false when the request was
     * given up meanwhile.
     */
    void enter(Endpoint endpoint, BooleanSupplier acquire) {
        boolean[] now = new boolean[1];
        endpoints.compute(endpoint, (key, state) -> {
            State s = state == null ? new State() : state;
            if (s.queued.isEmpty() && s.room(limit)) {
                s.acquiring++;
                now[0] = true;
            } else {
                s.queued.add(acquire);
            }
            return s;
        });
        if (now[0] && !acquire.getAsBoolean()) {
            acquired(endpoint, null, Runnable::run);
        }
    }

    /**
     * A request to {@code endpoint} has {@code connection}, or null when it failed to get one: the next
     * one waiting here goes, as a task of its own on {@code later} (a request may get a free connection
     * at once, and a queue passed on within one call would grow the stack with it). True when the
     * connection is one not seen before: {@link #closed} must follow when it closes.
     */
    boolean acquired(Endpoint endpoint, Object connection, Executor later) {
        boolean[] opened = new boolean[1];
        List<BooleanSupplier> next = new ArrayList<>(1);
        endpoints.computeIfPresent(endpoint, (key, s) -> {
            opened[0] = connection != null && s.open.add(connection);
            s.acquiring--;
            // Its place passes on, and more of them when the endpoint has more connections open now.
            while (!s.queued.isEmpty() && s.room(limit)) {
                next.add(s.queued.poll());
                s.acquiring++;
            }
            return s.idle() ? null : s;
        });
        for (BooleanSupplier acquire : next) {
            // A request given up meanwhile passes its place on again.
            later.execute(() -> {
                if (!acquire.getAsBoolean()) {
                    acquired(endpoint, null, later);
                }
            });
        }
        return opened[0];
    }

    /** A connection that {@link #acquired} reported new has closed. */
    void closed(Endpoint endpoint, Object connection) {
        endpoints.computeIfPresent(endpoint, (key, s) -> {
            s.open.remove(connection);
            return s.idle() ? null : s;
        });
    }

    /** Endpoints with connections open, requests waiting for a connection or for their turn. */
    int endpoints() {
        return endpoints.size();
    }
}
