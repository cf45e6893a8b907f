package com.encrata.webhooks.delivery;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.common.NativeSql;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Queries on deliveries for the API; the engine's hot queries live in {@link DeliveryQueue}. */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, UUID> {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt").and("id", Sort.Direction.Descending);

    public Uni<List<Delivery>> listForWebhook(UUID webhookId, String status, int limit) {
        var query = status == null
                ? find("webhookId", NEWEST_FIRST, webhookId)
                : find("webhookId = ?1 and status = ?2", NEWEST_FIRST, webhookId, status);
        return query.page(Page.ofSize(limit)).list();
    }

    /** A delivery whose webhook belongs to the workspace, in one query. */
    public Uni<Delivery> findInWorkspace(UUID id, UUID workspaceId) {
        return find("id = ?1 and webhookId in (select w.id from Webhook w where w.workspaceId = ?2)", id, workspaceId)
                .firstResult();
    }

    /** Fails the pending deliveries of a webhook that are not in flight, as its pausing requires. */
    public Uni<Integer> failPendingOf(UUID webhookId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(NativeSql.named(WebhookHealth.FAIL_PENDING))
                .setParameter(NativeSql.parameter(1), webhookId).executeUpdate());
    }

    /** Requeues one delivery for a single manual attempt now (database time), unless it is already pending. */
    public Uni<Integer> requeueManual(UUID id) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                UPDATE deliveries SET status = 'pending', manual = true, next_attempt_at = date_trunc('milliseconds', now()),
                    lease_until = NULL, lease_token = NULL
                WHERE id = :id AND status <> 'pending'""").setParameter("id", id).executeUpdate());
    }
}
