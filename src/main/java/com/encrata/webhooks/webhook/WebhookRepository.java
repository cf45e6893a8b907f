package com.encrata.webhooks.webhook;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Queries on webhooks; every lookup by id is scoped to a workspace in the same query. */
@ApplicationScoped
public class WebhookRepository implements PanacheRepositoryBase<Webhook, UUID> {

    /** Name of the unique index on (workspace_id, url_key). */
    public static final String URL_UNIQUE = "webhooks_workspace_url_key";

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt").and("id", Sort.Direction.Descending);

    public Uni<Webhook> findInWorkspace(UUID id, UUID workspaceId) {
        return find("id = ?1 and workspaceId = ?2", id, workspaceId).firstResult();
    }

    public Uni<List<Webhook>> listNewestFirst(UUID workspaceId) {
        return list("workspaceId", NEWEST_FIRST, workspaceId);
    }

    public Uni<Long> deleteInWorkspace(UUID id, UUID workspaceId) {
        return delete("id = ?1 and workspaceId = ?2", id, workspaceId);
    }
}
