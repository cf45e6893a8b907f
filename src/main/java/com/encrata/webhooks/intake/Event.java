package com.encrata.webhooks.intake;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An event of a workspace, with the envelope serialised once so every attempt sends the same bytes. */
@Entity
@Table(name = "events")
public class Event {

    @Id
    public UUID id;

    @Column(name = "workspace_id", nullable = false)
    public UUID workspaceId;

    /** The producer's idempotency id, when it gave one. */
    @Column(columnDefinition = "text", name = "source_id")
    public String sourceId;

    @Column(columnDefinition = "text", name = "event_type", nullable = false)
    public String eventType;

    /** The exact JSON envelope sent to receivers. */
    @Column(columnDefinition = "text", nullable = false)
    public String body;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** How many deliveries the fan-out created, for idempotent replays of the intake answer. */
    @Column(name = "delivery_count", nullable = false)
    public int deliveryCount;
}
