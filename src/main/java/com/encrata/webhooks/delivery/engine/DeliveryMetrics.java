package com.encrata.webhooks.delivery.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Delivery metrics; labels carry outcomes only, never a workspace, webhook or URL. */
@ApplicationScoped
public class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Timer attemptDuration;
    private final Timer claimLag;
    private final Timer claimToSend;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final Map<String, Counter> attempts = new ConcurrentHashMap<>();

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.attemptDuration = Timer.builder("encrata.delivery.attempt.duration")
                .description("Duration of delivery attempts").publishPercentileHistogram().register(registry);
        this.claimLag = Timer.builder("encrata.delivery.claim.lag")
                .description("Time from a delivery being due to being claimed").publishPercentileHistogram().register(registry);
        this.claimToSend = Timer.builder("encrata.delivery.claim.to.send")
                .description("Time from claim to the start of the attempt").publishPercentileHistogram().register(registry);
        registry.gauge("encrata.delivery.pending", pending);
        registry.gauge("encrata.delivery.in.flight", inFlight);
    }

    /** {@code outcome}: success, http_error, or an error value such as timeout. */
    public void attempted(String outcome, Duration took) {
        attempts.computeIfAbsent(outcome,
                o -> Counter.builder("encrata.delivery.attempts").tag("outcome", o).register(registry)).increment();
        attemptDuration.record(took);
    }

    public void claimed(double lagSeconds) {
        claimLag.record(Duration.ofMillis((long) Math.max(0, lagSeconds * 1000)));
    }

    public void started(Duration sinceClaim) {
        claimToSend.record(sinceClaim);
    }

    /** A rate-limited webhook's claim given back because it could not start in time. */
    public void pacedLate() {
        Counter.builder("encrata.delivery.paced.late").register(registry).increment();
    }

    public void deactivated(String reason) {
        Counter.builder("encrata.webhook.deactivations").tag("reason", reason).register(registry).increment();
    }

    /** A database statement of the engine failed ({@code operation}: claim, release, count...). */
    public void databaseFailure(String operation) {
        Counter.builder("encrata.delivery.database.failures").tag("operation", operation).register(registry).increment();
    }

    public void pending(long count) {
        pending.set(count);
    }

    public void inFlight(long count) {
        inFlight.set(count);
    }
}
