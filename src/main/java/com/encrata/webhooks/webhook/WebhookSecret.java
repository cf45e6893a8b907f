package com.encrata.webhooks.webhook;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A signing secret retired by a rotation; it still signs {@code webhook-signature} until it expires. */
@Entity
@Table(name = "webhook_secrets")
public class WebhookSecret {

    @Id
    public UUID id;

    @Column(name = "webhook_id", nullable = false)
    public UUID webhookId;

    /** Encrypted exactly as it was on the webhook (associated data: the webhook id). */
    @Column(name = "secret_ciphertext", columnDefinition = "text", nullable = false)
    public String secretCiphertext;

    @Column(name = "retired_at", nullable = false)
    public Instant retiredAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
