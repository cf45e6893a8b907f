package com.encrata.webhooks.webhook.service;

import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * What pausing a webhook does to its queued work: its pending deliveries that are not in flight
 * fail. The delivery feature implements it; this feature only states the need (no upward import).
 */
public interface PendingDeliveries {

    /** Fails the webhook's pending deliveries that no instance holds; answers how many. */
    Uni<Integer> failPendingOf(UUID webhookId);
}
