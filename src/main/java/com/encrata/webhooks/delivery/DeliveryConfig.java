package com.encrata.webhooks.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How, where and how often deliveries are sent. */
@ConfigMapping(prefix = "encrata.delivery")
public interface DeliveryConfig {

    /** PEM file of extra CA certificates trusted for deliveries, besides the JDK's. */
    Optional<String> trustStore();

    /**
     * Egress proxy for every connection of a delivery, test or OAuth2 token request,
     * {@code http://[user:password@]host:port} (ENCRATA_DELIVERY_PROXY); none by default.
     */
    Optional<String> proxy();

    /**
     * TLS of deliveries through BoringSSL (netty-tcnative) where it is available: the JVM on Linux
     * x86-64. Elsewhere, in the native image among them, and with false, the JDK's own TLS engine.
     * Both apply the same trust, versions and host name checks.
     */
    @WithDefault("true")
    boolean openssl();

    /** Delays between consecutive attempts; its length + 1 is the number of attempts. */
    @WithDefault("5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** One deadline for DNS, connect, TLS and the answer's status line and headers. */
    @WithDefault("5s")
    Duration timeout();

    /** How long a webhook may fail without any success before it is deactivated. */
    @WithDefault("5d")
    Duration disableAfter();

    /** Attempts in flight at once on this instance, from their start until their outcome is recorded. */
    @WithDefault("256")
    int concurrency();

    /** Requests in flight at once to one target host on this instance (a slot is free at the answer). */
    @WithDefault("32")
    int concurrencyPerHost();

    /**
     * Attempts to one target host that may wait for a connection at once on this instance while it has
     * fewer connections open than this (then as many as it has): each may make the client open a new
     * connection (a TLS handshake); the others take connections as they come free
     * (delivery/engine/ConnectionRamp).
     */
    @WithDefault("8")
    int connectingPerHost();

    /**
     * How long a claim holds a delivery without renewal. The holder renews every third of it while it
     * works, so a live instance keeps its claims and a dead one's are taken over about this long after.
     */
    @WithDefault("12s")
    Duration lease();

    /** Safety-net polling for due work, besides the database notifications. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Most deliveries claimed in one query. */
    @WithDefault("100")
    int batchSize();

    /** Gap between the attempts a recover requeues, so a recovered backlog is spread out. */
    @WithDefault("100ms")
    Duration recoverSpacing();

    /** How often the engine looks at the work queue's dead rows, to vacuum it when they pile up. */
    @WithDefault("5s")
    Duration queueVacuum();

    /**
     * Database connections of the engine's own, for its claims, outcomes and lease renewals, besides the
     * pool that requests use ({@code quarkus.datasource.reactive.max-size}): under a burst of requests
     * the engine's statements do not wait behind theirs.
     */
    @WithDefault("2")
    int databaseConnections();

    /** Runs the dispatcher on this instance (an API-only instance may turn it off). */
    @WithDefault("true")
    boolean dispatcherEnabled();

    /**
     * Whether deliveries carry a W3C {@code traceparent} header (the attempt's span; needs tracing on).
     */
    @WithDefault("false")
    boolean traceparent();
}
