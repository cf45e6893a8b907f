package com.encrata.webhooks.webhook.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.encrata.webhooks.webhook.Webhook;

/** A webhook as the API shows it (never with its secret). */
public record WebhookResponse(UUID id, UUID workspaceId, String url, List<String> events, boolean isActive,
        String description, UUID createdBy, Instant createdAt, Instant updatedAt)
        implements WebhookResource.WebhookRepresentation {

    public static WebhookResponse of(Webhook w) {
        return new WebhookResponse(w.id, w.workspaceId, w.url, List.of(w.events), w.active, w.description,
                w.createdBy, w.createdAt, w.updatedAt);
    }
}
