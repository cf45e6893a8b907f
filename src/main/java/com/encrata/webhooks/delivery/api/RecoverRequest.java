package com.encrata.webhooks.delivery.api;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.event.EventName;
import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.platform.validation.Rfc3339;
import com.encrata.webhooks.platform.validation.Rfc3339Validator;
import com.encrata.webhooks.platform.validation.Uuid;

/** Body of POST /api/webhooks/recover. */
public record RecoverRequest(
        @Schema(example = "360cb300-d885-4c18-af2c-d259f936bb38")
        @NotNull @Uuid String id,
        @Schema(example = "2026-05-02T12:00:00Z")
        @NotNull @Rfc3339 String since,
        @Schema(example = "2026-05-03T12:00:00Z", nullable = true, description = "Exclusive; no bound when absent")
        @Rfc3339 String until,
        @Schema(example = "[\"lookup.completed\"]", nullable = true, description = "Only these event types")
        @Size(min = 1, max = 100, message = "{encrata.validation.event-types-size}")
        List<@EventName(allowNull = false) String> eventTypes) {

    /** The validated time as an instant. */
    public Instant sinceInstant() {
        return Rfc3339Validator.parse(since).orElseThrow().toInstant();
    }

    /** The end of the window, or null for none. */
    public Instant untilInstant() {
        return until == null ? null : Rfc3339Validator.parse(until).orElseThrow().toInstant();
    }

    /** The event names asked for, or null for every one. */
    public List<String> eventNames() {
        return eventTypes == null ? null : EventType.distinct(eventTypes).stream().map(EventType::wireName).toList();
    }
}
