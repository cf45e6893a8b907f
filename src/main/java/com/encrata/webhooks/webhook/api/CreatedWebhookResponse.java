package com.encrata.webhooks.webhook.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.webhook.Webhook;
import com.encrata.webhooks.webhook.service.CreatedWebhook;
import com.encrata.webhooks.webhook.service.EndpointOptions;

/** The answer to a create: the webhook and, this once, its signing secret. */
public record CreatedWebhookResponse(UUID id, UUID workspaceId, String url, String secret, List<String> events,
        boolean isActive, String description, UUID createdBy, Instant createdAt, Instant updatedAt, Integer rateLimit,
        String ordering, Map<String, String> headers,
        @Schema(nullable = true, description = WebhookResponse.AUTH) Map<String, Object> auth,
        @Schema(nullable = true) String filter) {

    public static CreatedWebhookResponse of(CreatedWebhook created, EndpointOptions options) {
        Webhook w = created.webhook();
        return new CreatedWebhookResponse(w.id, w.workspaceId, w.url, created.secret(), List.of(w.events), w.active,
                w.description, w.createdBy, w.createdAt, w.updatedAt, w.rateLimit, w.ordering, options.headers(w),
                options.shownAuth(w), w.filter);
    }
}
