package com.encrata.webhooks.delivery.api;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.delivery.engine.OutcomeWriter;
import com.encrata.webhooks.delivery.repository.WebhookStatsQuery;

/**
 * A webhook's last 24 hours of scheduled attempts (test sends excluded). Latency percentiles are of
 * answered attempts, read from the hourly latency buckets: the upper bound of the bucket that holds
 * the percentile (10 s and above reads as 10000).
 */
public record WebhookStatsResponse(UUID webhookId, int windowHours, long attempts, long succeeded, long failed,
        @Schema(nullable = true, description = "succeeded / attempts") Double successRate,
        @Schema(nullable = true) Long latencyP50Ms, @Schema(nullable = true) Long latencyP95Ms,
        Instant lastSuccessAt, Instant lastFailureAt, long pending,
        @Schema(nullable = true, description = "null while active") Deactivated deactivated)
        implements DeliveryResource.StatsRepresentation {

    /** Why and since when a webhook is inactive: paused (the API), gone (a 410) or failing (the failure rule). */
    public record Deactivated(Instant at, String reason) {
    }

    public static WebhookStatsResponse of(WebhookStatsQuery.Totals t) {
        Deactivated deactivated = t.active() ? null
                : new Deactivated(t.deactivatedAt(), t.deactivationReason() == null ? "paused" : t.deactivationReason());
        return new WebhookStatsResponse(t.webhookId(), WebhookStatsQuery.WINDOW_HOURS, t.attempts(), t.succeeded(),
                t.failed(), t.attempts() == 0 ? null : (double) t.succeeded() / t.attempts(),
                percentile(t.latencyBuckets(), 0.50), percentile(t.latencyBuckets(), 0.95), t.lastSuccessAt(),
                t.lastFailureAt(), t.pending(), deactivated);
    }

    static Long percentile(long[] buckets, double quantile) {
        long total = 0;
        for (long n : buckets) {
            total += n;
        }
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        double[] bounds = OutcomeWriter.LATENCY_BOUNDS_MS;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return (long) bounds[Math.min(i, bounds.length - 1)];
            }
        }
        return (long) bounds[bounds.length - 1];
    }
}
