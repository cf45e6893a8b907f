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

    /**
     * Its ordering or rate limit changed: its queued work follows the rules it has now (fifo and
     * rate-limited webhooks are scheduled on their own, in the order their events were accepted).
     */
    Uni<Void> scheduleChanged(UUID webhookId);

    /** Removes every delivery of a deleted webhook, queued or in the history. */
    Uni<Void> deleteAllOf(UUID webhookId);
}
