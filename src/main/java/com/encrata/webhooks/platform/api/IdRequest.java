package com.encrata.webhooks.platform.api;

import java.util.UUID;

import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.platform.validation.Uuid;

/** A body that names one resource: {@code {"id": "..."}}. */
public record IdRequest(
        @Schema(example = "360cb300-d885-4c18-af2c-d259f936bb38")
        @NotNull @Uuid String id) {

    /** The id, once validated. */
    public UUID uuid() {
        return UUID.fromString(id);
    }
}
