package com.encrata.webhooks.workspace;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A tenant: every webhook, key and event belongs to exactly one workspace. */
@Entity
@Table(name = "workspaces")
public class Workspace {

    @Id
    public UUID id;

    @Column(columnDefinition = "text", nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
