package com.encrata.webhooks.webhook;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Queries on webhooks; every lookup by id is scoped to a workspace. */
@ApplicationScoped
public class WebhookRepository implements PanacheRepositoryBase<Webhook, UUID> {

    /** Name of the unique index on (workspace_id, url_key). */
    public static final String URL_UNIQUE = "webhooks_workspace_url_key";
}
