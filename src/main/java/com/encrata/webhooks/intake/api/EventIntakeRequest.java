package com.encrata.webhooks.intake.api;

import java.time.Instant;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.encrata.webhooks.event.EventName;
import com.encrata.webhooks.platform.validation.Rfc3339;
import com.encrata.webhooks.platform.validation.Rfc3339Validator;
import com.encrata.webhooks.platform.validation.Uuid;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Body of POST /internal/events. {@code data} is checked to be an object; it is forwarded verbatim. */
public record EventIntakeRequest(
        @Size(min = 1, max = 255, message = "{encrata.validation.event-id-length}")
        @Pattern(regexp = "[\\x20-\\x7E]*", message = "{encrata.validation.printable-ascii}") String id,
        @NotNull @Uuid String workspaceId,
        @NotNull @EventName(producer = true) String event,
        @NotNull ObjectNode data,
        @Rfc3339 String createdAt) {

    /** The producer's event time once validated, or now when it gave none. */
    public Instant createdAtOrNow() {
        return createdAt == null ? Instant.now() : Rfc3339Validator.parse(createdAt).orElseThrow().toInstant();
    }
}
