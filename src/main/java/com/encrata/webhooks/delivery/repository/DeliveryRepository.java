package com.encrata.webhooks.delivery.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.delivery.Delivery;
import com.encrata.webhooks.delivery.engine.DeliveryNotifications;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * Deliveries for the API, in the caller's Panache transaction: the log, and the statements of the
 * manual attempts (named parameters; times are the database's, to the millisecond). The engine's hot
 * statements live in {@code DeliveryQueue}.
 */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, UUID> {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt").and("id", Sort.Direction.Descending);

    private static final String REQUEUE_MANUAL = """
            UPDATE deliveries SET status = 'pending', manual = true, next_attempt_at = date_trunc('milliseconds', now()), %s
            WHERE id = :id AND status <> 'pending'""".formatted(Delivery.NO_LEASE);

    private static final String RECOVER = """
            WITH picked AS (
                SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS n FROM deliveries
                WHERE webhook_id = :webhook AND status = 'failed' AND event_type <> 'test' AND created_at >= :since
            )
            UPDATE deliveries d SET status = 'pending', manual = true, %s,
                next_attempt_at = date_trunc('milliseconds', now() + make_interval(secs => picked.n * :spacing))
            FROM picked WHERE d.id = picked.id""".formatted(Delivery.NO_LEASE);

    private static final String NOTIFY = "NOTIFY " + DeliveryNotifications.CHANNEL;

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

    /** Requeues one delivery for a single manual attempt now, unless it is already pending. */
    public Uni<Integer> requeueManual(UUID id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(REQUEUE_MANUAL)
                .setParameter("id", id).executeUpdate());
    }

    /** Requeues the webhook's failed non-test deliveries since {@code since}, {@code spacingSeconds} apart. */
    public Uni<Integer> requeueFailedSince(UUID webhookId, Instant since, double spacingSeconds) {
        return Panache.getSession().chain(session -> session.createNativeQuery(RECOVER)
                .setParameter("webhook", webhookId).setParameter("since", since).setParameter("spacing", spacingSeconds)
                .executeUpdate());
    }

    /** Wakes every dispatcher when (and only if) the current transaction commits. */
    public Uni<Integer> notifyDispatchers() {
        return Panache.getSession().chain(session -> session.createNativeQuery(NOTIFY).executeUpdate());
    }
}
