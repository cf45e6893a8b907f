package com.encrata.webhooks.webhook.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.platform.validation.Uuid;

/** Optional body of DELETE /api/webhooks; the id may come as {@code ?id=} instead. */
public record DeleteWebhookRequest(
        @Schema(example = "360cb300-d885-4c18-af2c-d259f936bb38")
        @Uuid String id) {
}
