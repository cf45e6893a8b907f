package com.encrata.webhooks.webhook.service;

import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * What pausing or deleting a webhook does to its deliveries: pausing fails its pending deliveries that
 * are not in flight; deleting removes its queued work and its history. The delivery feature
 * implements it; this feature only states the need (no upward import).
 */
public interface WebhookDeliveries {

    /** Fails the webhook's pending deliveries that no instance holds; answers how many. */
    Uni<Integer> failPendingOf(UUID webhookId);

    /** Removes every delivery of a deleted webhook, queued or in the history. */
    Uni<Void> deleteAllOf(UUID webhookId);
}
