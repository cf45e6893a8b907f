package com.encrata.webhooks.apikey;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import com.encrata.webhooks.auth.Role;
import com.encrata.webhooks.auth.RoleConverter;

/** An API key of a user in a workspace. Only the SHA-256 of the key is stored, never the key. */
@Entity
@Table(name = "api_keys")
public class ApiKey {

    @Id
    public UUID id;

    @Column(name = "workspace_id", nullable = false)
    public UUID workspaceId;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Convert(converter = RoleConverter.class)
    @Column(columnDefinition = "text", nullable = false)
    public Role role;

    @Column(columnDefinition = "text", nullable = false)
    public String name;

    @Column(name = "key_hash", nullable = false)
    public byte[] keyHash;

    /** The last four characters of the key, for {@code key_preview}. */
    @Column(columnDefinition = "text", name = "key_last4", nullable = false)
    public String keyLast4;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_used")
    public Instant lastUsed;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
