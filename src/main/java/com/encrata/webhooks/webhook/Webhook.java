package com.encrata.webhooks.webhook;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An endpoint of a workspace and the events it is subscribed to. The secret is stored encrypted. */
@Entity
@Table(name = "webhooks")
public class Webhook {

    @Id
    public UUID id;

    @Column(name = "workspace_id", nullable = false)
    public UUID workspaceId;

    /** Exactly as submitted. */
    @Column(columnDefinition = "text", nullable = false)
    public String url;

    /** The normalised form of {@link #url}, unique within the workspace. */
    @Column(columnDefinition = "text", name = "url_key", nullable = false)
    public String urlKey;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public String[] events;

    @Column(name = "is_active", nullable = false)
    public boolean active;

    @Column(columnDefinition = "text")
    public String description;

    /** AES-GCM ciphertext of the signing secret, with the webhook id as associated data. */
    @Column(columnDefinition = "text", name = "secret_ciphertext", nullable = false)
    public String secretCiphertext;

    @Column(name = "created_by", nullable = false)
    public UUID createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** When the webhook stopped being active, while it is not. */
    @Column(name = "deactivated_at")
    public Instant deactivatedAt;

    /** Why it stopped: {@code paused} (the API), {@code gone} (a 410 answer) or {@code failing} (the failure rule). */
    @Column(name = "deactivation_reason", columnDefinition = "text")
    public String deactivationReason;

    /** {@value #UNORDERED} or {@value #FIFO}: one delivery at a time, in the order events were accepted. */
    @Column(columnDefinition = "text", nullable = false)
    public String ordering = UNORDERED;

    /** At most this many attempts start per second, across instances; null for no limit. */
    @Column(name = "rate_limit")
    public Integer rateLimit;

    /** Headers added to every attempt, as a JSON object in the order given ({@code {}} for none). */
    @Column(columnDefinition = "text", nullable = false)
    public String headers = "{}";

    /** The public part of the endpoint's credentials as a JSON object with its {@code type}; null for none. */
    @Column(columnDefinition = "text")
    public String auth;

    /** AES-GCM ciphertext of the credentials' secret part, with {@link #authAssociatedData} as associated data. */
    @Column(columnDefinition = "text", name = "auth_secret_ciphertext")
    public String authSecretCiphertext;

    /** A CEL expression over {@code event} and {@code data} that an event must satisfy; null for every event. */
    @Column(columnDefinition = "text")
    public String filter;

    /** Changes whenever {@link #filter} does (null without a filter). */
    @Column(name = "filter_id")
    public UUID filterId;

    /** What the credentials' secret part is bound to, so it cannot be moved to another webhook or column. */
    public static String authAssociatedData(UUID webhookId) {
        return webhookId + ":auth";
    }

    /** The SQL form of {@link #authAssociatedData} for a row of {@code webhooks}. */
    public static final String AUTH_ASSOCIATED_DATA_SQL = "id::text || ':auth'";

    /**
     * The SQL form of {@link #scheduledOnItsOwn} for a row of {@code webhooks} aliased {@code w} (the
     * partial index {@code webhooks_scheduled} has the same predicate).
     */
    public static final String SCHEDULED_ON_ITS_OWN_SQL = "(w.ordering = 'fifo' OR w.rate_limit IS NOT NULL)";

    public static final String UNORDERED = "unordered";
    public static final String FIFO = "fifo";

    /** Whether its deliveries are scheduled on their own (in order, or at a pace) rather than with all others. */
    public boolean scheduledOnItsOwn() {
        return FIFO.equals(ordering) || rateLimit != null;
    }
}
