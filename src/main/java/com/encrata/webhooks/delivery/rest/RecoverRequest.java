package com.encrata.webhooks.delivery.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.common.Ids;
import com.encrata.webhooks.common.validation.Rfc3339;

/** Body of POST /api/webhooks/recover. */
public record RecoverRequest(
        @Schema(example = "360cb300-d885-4c18-af2c-d259f936bb38")
        @NotNull(message = "is required") @Pattern(regexp = Ids.PATTERN, message = "must be a UUID") String id,
        @Schema(example = "2026-05-02T12:00:00Z")
        @NotNull(message = "is required") @Rfc3339 String since) {
}
