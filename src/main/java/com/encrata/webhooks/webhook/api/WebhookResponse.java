package com.encrata.webhooks.webhook.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.webhook.Webhook;
import com.encrata.webhooks.webhook.service.EndpointOptions;

/** A webhook as the API shows it (never with its secret). */
public record WebhookResponse(UUID id, UUID workspaceId, String url, List<String> events, boolean isActive,
        String description, UUID createdBy, Instant createdAt, Instant updatedAt,
        @Schema(nullable = true) Integer rateLimit,
        @Schema(enumeration = {"unordered", "fifo"}, description = ORDERING) String ordering,
        @Schema(description = "Headers added to every attempt ({} when none)") Map<String, String> headers,
        @Schema(nullable = true, description = AUTH) Map<String, Object> auth,
        @Schema(nullable = true, description = "CEL expression an event must satisfy to be delivered") String filter)
        implements WebhookResource.WebhookRepresentation {

    /** What ordering means, where the field is described. */
    public static final String ORDERING = "fifo: one delivery at a time, in the order events were accepted; a failing"
            + " delivery holds the ones behind it through its whole retry schedule (head-of-line blocking)";

    /** What the auth field shows, where it is described. */
    public static final String AUTH = "How the service authenticates to the endpoint, without its secret part:"
            + " {type: basic, username}, {type: bearer}, {type: oauth2, token_url, client_id, scope, audience} or"
            + " {type: mtls, certificate_sha256, not_after}";

    public static WebhookResponse of(Webhook w, EndpointOptions options) {
        return new WebhookResponse(w.id, w.workspaceId, w.url, List.of(w.events), w.active, w.description,
                w.createdBy, w.createdAt, w.updatedAt, w.rateLimit, w.ordering, options.headers(w),
                options.shownAuth(w), w.filter);
    }
}
