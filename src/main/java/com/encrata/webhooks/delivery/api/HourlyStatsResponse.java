package com.encrata.webhooks.delivery.api;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.delivery.repository.WebhookStatsQuery;

/** One hour of a webhook's last 24 (scheduled attempts; test sends excluded), for the portal's chart. */
public record HourlyStatsResponse(@Schema(description = "Start of the UTC hour") Instant hour, long attempts,
        long succeeded, long failed,
        @Schema(nullable = true, description = "Of answered attempts; null without any") Long latencyP50Ms) {

    public static HourlyStatsResponse of(WebhookStatsQuery.Hour h) {
        return new HourlyStatsResponse(h.hour(), h.attempts(), h.succeeded(), h.failed(),
                WebhookStatsResponse.percentile(h.latencyBuckets(), 0.50));
    }
}
