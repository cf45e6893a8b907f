package com.encrata.webhooks.webhook.rest;

import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.common.Ids;

/** Optional body of DELETE /api/webhooks; the id may come as {@code ?id=} instead. */
public record DeleteWebhookRequest(
        @Schema(example = "360cb300-d885-4c18-af2c-d259f936bb38")
        @Pattern(regexp = Ids.PATTERN, message = "must be a UUID") String id) {
}
