package com.encrata.webhooks.webhook.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.common.Ids;

/** A body that names one resource: {@code {"id": "..."}}. */
public record IdRequest(
        @Schema(example = "360cb300-d885-4c18-af2c-d259f936bb38")
        @NotNull(message = "is required") @Pattern(regexp = Ids.PATTERN, message = "must be a UUID") String id) {
}
