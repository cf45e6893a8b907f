package com.encrata.webhooks.webhook.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.webhook.Webhook;

/** A webhook as the API shows it (never with its secret). */
public record WebhookResponse(UUID id, UUID workspaceId, String url, List<String> events, boolean isActive,
        String description, UUID createdBy, Instant createdAt, Instant updatedAt,
        @Schema(nullable = true) Integer rateLimit,
        @Schema(enumeration = {"unordered", "fifo"}, description = ORDERING) String ordering)
        implements WebhookResource.WebhookRepresentation {

    /** What ordering means, where the field is described. */
    public static final String ORDERING = "fifo: one delivery at a time, in the order events were accepted; a failing"
            + " delivery holds the ones behind it through its whole retry schedule (head-of-line blocking)";

    public static WebhookResponse of(Webhook w) {
        return new WebhookResponse(w.id, w.workspaceId, w.url, List.of(w.events), w.active, w.description,
                w.createdBy, w.createdAt, w.updatedAt, w.rateLimit, w.ordering);
    }
}
