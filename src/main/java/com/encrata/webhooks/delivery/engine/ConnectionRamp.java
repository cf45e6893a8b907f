package com.encrata.webhooks.delivery.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import io.vertx.core.http.HttpClient;

/**
 * Lets only a few requests to one endpoint wait for a connection at once. Each request that waits in
 * the client's pool while every connection is busy makes the pool open one more, and a new connection
 * costs a TLS handshake, by far the costliest part of a first request. Without a limit, an event fanned
 * out to many webhooks of one host opened as many connections as the host's concurrency allows, all
 * at once, and the first deliveries waited for all of their handshakes. With it, the rest wait here, in
 * order, and take connections as they come free or as the few being opened are ready; the pool still
 * grows to the host's concurrency while work keeps waiting. An endpoint is a client (with its TLS
 * identity), an address and port, and a host name; it is forgotten when nothing waits for it.
 */
final class ConnectionRamp {

    record Endpoint(HttpClient client, String address, int port, String host) {
    }

    private static final class Waiting {
        int acquiring;
        final Deque<BooleanSupplier> queued = new ArrayDeque<>();
    }

    private final int limit;
    private final ConcurrentHashMap<Endpoint, Waiting> endpoints = new ConcurrentHashMap<>();

    ConnectionRamp(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("encrata.delivery.connecting-per-host must be at least 1");
        }
        this.limit = limit;
    }

    /**
     * Runs {@code acquire} now, or once fewer than the limit of requests to {@code endpoint} wait for a
     * connection. {@code acquire} answers whether it asked the client for a connection: then {@link #acquired}
     * must follow once it has one (or failed to get one); false when the request was given up meanwhile.
     */
    void enter(Endpoint endpoint, BooleanSupplier acquire) {
        boolean[] now = new boolean[1];
        endpoints.compute(endpoint, (key, waiting) -> {
            Waiting w = waiting == null ? new Waiting() : waiting;
            if (w.acquiring < limit) {
                w.acquiring++;
                now[0] = true;
            } else {
                w.queued.add(acquire);
            }
            return w;
        });
        if (now[0] && !acquire.getAsBoolean()) {
            acquired(endpoint, Runnable::run);
        }
    }

    /**
     * A request to {@code endpoint} has its connection, or has failed to get one: the next one waiting
     * here goes, as a task of its own on {@code later} (a request may get a free connection at once, and
     * a queue passed on within one call would grow the stack with it).
     */
    void acquired(Endpoint endpoint, Executor later) {
        BooleanSupplier[] next = new BooleanSupplier[1];
        endpoints.computeIfPresent(endpoint, (key, w) -> {
            next[0] = w.queued.poll();
            if (next[0] == null && --w.acquiring == 0) {
                return null;
            }
            return w;
        });
        if (next[0] != null) {
            // The place passes on; a request given up meanwhile passes it on again.
            later.execute(() -> {
                if (!next[0].getAsBoolean()) {
                    acquired(endpoint, later);
                }
            });
        }
    }

    /** Endpoints with requests waiting for a connection or for their turn. */
    int endpoints() {
        return endpoints.size();
    }
}
