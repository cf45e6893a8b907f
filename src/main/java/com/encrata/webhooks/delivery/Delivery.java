package com.encrata.webhooks.delivery;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.hibernate.annotations.Formula;

/**
 * One event sent to one webhook, as the history keeps it once it is final: the exact payload, its
 * outcome and its last answer. The delivery log also shows pending deliveries (from the queue) in
 * this shape, with {@link #nextAttemptAt}.
 */
@Entity
@Table(name = "deliveries")
public class Delivery {

    public static final String PENDING = "pending";
    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";
    public static final String TEST_EVENT = "test";
    /**
     * The SQL expression of the envelope exactly as sent: the row's own, or else its event's body
     * (stored once per event). Unqualified, for the entity's formula.
     */
    public static final String ENVELOPE = "coalesce(payload, (SELECT e.body FROM events e WHERE e.id = event_id))";

    @Id
    public UUID id;

    @Column(name = "webhook_id", nullable = false)
    public UUID webhookId;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "event_type", columnDefinition = "text", nullable = false)
    public String eventType;

    /**
     * The envelope stored in the row: a test send's own. A delivery of an event has none (null) and
     * sends its event's body: {@link #envelope}.
     */
    @Column(columnDefinition = "text")
    public String payload;

    /** The envelope exactly as sent: {@link #ENVELOPE}. */
    @Formula(ENVELOPE)
    public String envelope;

    @Column(columnDefinition = "text", nullable = false)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "response_status")
    public Integer responseStatus;

    @Column(name = "response_body", columnDefinition = "text")
    public String responseBody;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(columnDefinition = "text")
    public String error;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When a pending delivery is attempted next (not stored in the history). */
    @Transient
    public Instant nextAttemptAt;
}
