package com.encrata.webhooks.delivery.api;

import java.time.Instant;

import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.platform.validation.Rfc3339;
import com.encrata.webhooks.platform.validation.Rfc3339Validator;
import com.encrata.webhooks.platform.validation.Uuid;

/** Body of POST /api/webhooks/recover. */
public record RecoverRequest(
        @Schema(example = "360cb300-d885-4c18-af2c-d259f936bb38")
        @NotNull @Uuid String id,
        @Schema(example = "2026-05-02T12:00:00Z")
        @NotNull @Rfc3339 String since) {

    /** The validated time as an instant. */
    public Instant sinceInstant() {
        return Rfc3339Validator.parse(since).orElseThrow().toInstant();
    }
}
