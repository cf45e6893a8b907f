package com.encrata.webhooks.delivery.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * One page of a webhook's delivery log: its filters (each null when not given) and the page's size.
 * {@code afterCreatedAt} and {@code afterId} are the delivery the page starts after, newest first.
 */
public record LogQuery(UUID webhookId, String status, String eventType, Instant since, Instant until,
        Instant afterCreatedAt, UUID afterId, int limit) {

    /** The same query continued after the given delivery. */
    public LogQuery after(Instant createdAt, UUID id) {
        return new LogQuery(webhookId, status, eventType, since, until, createdAt, id, limit);
    }
}
