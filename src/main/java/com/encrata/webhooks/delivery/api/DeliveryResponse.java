package com.encrata.webhooks.delivery.api;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.delivery.Delivery;
import com.fasterxml.jackson.annotation.JsonRawValue;

/** A delivery as the log shows it; {@code payload} is the envelope exactly as sent. */
public record DeliveryResponse(UUID id, UUID webhookId, String eventType,
        @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT) @JsonRawValue String payload,
        String status, int attempts, Integer responseStatus, String responseBody, Instant lastAttemptAt,
        Instant nextAttemptAt, String error, Instant createdAt) {

    public static DeliveryResponse of(Delivery d) {
        return new DeliveryResponse(d.id, d.webhookId, d.eventType, d.envelope, d.status, d.attempts, d.responseStatus,
                d.responseBody, d.lastAttemptAt, Delivery.PENDING.equals(d.status) ? d.nextAttemptAt : null, d.error,
                d.createdAt);
    }
}
