package com.encrata.webhooks.delivery.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.delivery.Delivery;
import com.encrata.webhooks.delivery.engine.DeliveryNotifications;
import com.encrata.webhooks.webhook.Webhook;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/**
 * Deliveries for the API, in the caller's Panache transaction: a test send written to the history, and
 * the statements of the manual attempts, which move final deliveries from the history back into the
 * queue (named parameters; times are the database's, to the millisecond). The log is read by
 * {@link DeliveryLog}; the engine's statements live in {@code delivery/engine}.
 */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, UUID> {

    // Queued again with the state it had (attempts, last answer), for one attempt: %s picks the rows of
    // the history (of one webhook) and the time each is due. A webhook scheduled on its own (fifo, rate
    // limit) gets them behind its queued work, in their original order.
    private static final String REQUEUE = """
            WITH moved AS (
                DELETE FROM deliveries WHERE %1$s
                RETURNING *
            ), picked AS (
                SELECT *, row_number() OVER (ORDER BY created_at, id) - 1 AS n FROM moved
            ), lane AS (
                SELECT EXISTS (SELECT 1 FROM webhooks w WHERE w.id IN (SELECT webhook_id FROM moved)
                                 AND %2$s) AS scheduled
            )
            INSERT INTO delivery_queue (id, webhook_id, event_id, event_type, payload, created_at, due_at, seq, attempts,
                                        manual, last_attempt_at, response_status, response_body, error)
            SELECT id, webhook_id, event_id, event_type, payload, created_at,
                   date_trunc('milliseconds', now() + make_interval(secs => n * :spacing)),
                   CASE WHEN lane.scheduled THEN nextval('delivery_queue_seq_order') END, attempts, true,
                   last_attempt_at, response_status, response_body, error
            FROM (SELECT * FROM picked ORDER BY n) p, lane""";

    private static final String REQUEUE_MANUAL = REQUEUE.formatted("id = :id", Webhook.SCHEDULED_ON_ITS_OWN_SQL);

    private static final String RECOVER_WHERE =
            "webhook_id = :webhook AND status = 'failed' AND event_type <> 'test' AND created_at >= :since";
    private static final String RECOVER = REQUEUE.formatted(RECOVER_WHERE, Webhook.SCHEDULED_ON_ITS_OWN_SQL);
    private static final String RECOVER_UNTIL = REQUEUE.formatted(RECOVER_WHERE + " AND created_at < :until",
            Webhook.SCHEDULED_ON_ITS_OWN_SQL);
    private static final String RECOVER_TYPES = REQUEUE.formatted(RECOVER_WHERE + " AND event_type IN (:types)",
            Webhook.SCHEDULED_ON_ITS_OWN_SQL);
    private static final String RECOVER_UNTIL_TYPES = REQUEUE.formatted(
            RECOVER_WHERE + " AND created_at < :until AND event_type IN (:types)", Webhook.SCHEDULED_ON_ITS_OWN_SQL);

    private static final String NOTIFY = "NOTIFY " + DeliveryNotifications.CHANNEL;

    /** Requeues one final delivery for a single manual attempt now; 0 when it is not final (pending). */
    public Uni<Integer> requeueManual(UUID id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(REQUEUE_MANUAL)
                .setParameter("id", id).setParameter("spacing", 0.0).executeUpdate());
    }

    /**
     * Requeues the webhook's failed non-test deliveries created in {@code [since, until)} (no end when
     * {@code until} is null) of the given types (every type when null), {@code spacingSeconds} apart.
     */
    public Uni<Integer> requeueFailed(UUID webhookId, Instant since, Instant until, List<String> types,
            double spacingSeconds) {
        String sql = until == null ? (types == null ? RECOVER : RECOVER_TYPES)
                : (types == null ? RECOVER_UNTIL : RECOVER_UNTIL_TYPES);
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql).setParameter("webhook", webhookId).setParameter("since", since)
                    .setParameter("spacing", spacingSeconds);
            if (until != null) {
                query.setParameter("until", until);
            }
            if (types != null) {
                query.setParameter("types", types);
            }
            return query.executeUpdate();
        });
    }

    /** Wakes every dispatcher when (and only if) the current transaction commits. */
    public Uni<Integer> notifyDispatchers() {
        return Panache.getSession().chain(session -> session.createNativeQuery(NOTIFY).executeUpdate());
    }
}
