package com.encrata.webhooks.delivery.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.delivery.Delivery;
import com.encrata.webhooks.platform.time.Timestamps;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The delivery log as the API reads it, straight on the SQL client: pending deliveries from the queue
 * and final ones from the history, newest first by {@code (created_at, id)}, each with the envelope it
 * sends. Each side is read along its own index and cut to the page before the two are merged.
 */
@ApplicationScoped
public class DeliveryLog {

    private static final String QUEUED = """
            SELECT q.id, q.webhook_id, q.event_type, coalesce(q.payload, e.body) AS envelope, 'pending' AS status,
                   q.attempts, q.response_status, q.response_body, q.last_attempt_at, q.due_at AS next_attempt_at,
                   q.error, q.created_at
            FROM delivery_queue q LEFT JOIN events e ON e.id = q.event_id""";

    private static final String HISTORY = """
            SELECT d.id, d.webhook_id, d.event_type, coalesce(d.payload, e.body) AS envelope, d.status,
                   d.attempts, d.response_status, d.response_body, d.last_attempt_at, NULL::timestamptz AS next_attempt_at,
                   d.error, d.created_at
            FROM deliveries d LEFT JOIN events e ON e.id = d.event_id""";

    // $1 webhook, $2 page size.
    private static final String PENDING = QUEUED + """

            WHERE q.webhook_id = $1 ORDER BY q.created_at DESC, q.id DESC LIMIT $2""";
    private static final String FINISHED = HISTORY + """

            WHERE d.webhook_id = $1 AND d.status = '%s' ORDER BY d.created_at DESC, d.id DESC LIMIT $2""";
    private static final String SUCCEEDED = FINISHED.formatted(Delivery.SUCCESS);
    private static final String FAILED = FINISHED.formatted(Delivery.FAILED);
    private static final String ALL = """
            SELECT * FROM ((%s) UNION ALL (%s
            WHERE d.webhook_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT $2)) l
            ORDER BY created_at DESC, id DESC LIMIT $2""".formatted(PENDING, HISTORY);

    // $1 delivery, $2 workspace: the delivery, wherever it is, if its webhook belongs to the workspace.
    private static final String ONE = """
            SELECT * FROM ((%s WHERE q.id = $1) UNION ALL (%s WHERE d.id = $1)) l
            WHERE EXISTS (SELECT 1 FROM webhooks w WHERE w.id = l.webhook_id AND w.workspace_id = $2)
            LIMIT 1""".formatted(QUEUED, HISTORY);

    private final Pool pool;

    public DeliveryLog(Pool pool) {
        this.pool = pool;
    }

    /** The newest {@code limit} deliveries of the webhook, of one status when {@code status} is given. */
    public Uni<List<Delivery>> list(UUID webhookId, String status, int limit) {
        String sql = status == null ? ALL : switch (status) {
            case Delivery.PENDING -> PENDING;
            case Delivery.SUCCESS -> SUCCEEDED;
            default -> FAILED;
        };
        return pool.preparedQuery(sql).execute(Tuple.of(webhookId, limit)).map(rows -> {
            List<Delivery> page = new ArrayList<>(rows.size());
            rows.forEach(row -> page.add(delivery(row)));
            return page;
        });
    }

    /** A delivery whose webhook belongs to the workspace, or null. */
    public Uni<Delivery> find(UUID id, UUID workspaceId) {
        return pool.preparedQuery(ONE).execute(Tuple.of(id, workspaceId))
                .map(rows -> rows.size() == 0 ? null : delivery(rows.iterator().next()));
    }

    private static Delivery delivery(Row row) {
        Delivery d = new Delivery();
        d.id = row.getUUID("id");
        d.webhookId = row.getUUID("webhook_id");
        d.eventType = row.getString("event_type");
        d.envelope = row.getString("envelope");
        d.status = row.getString("status");
        d.attempts = row.getInteger("attempts");
        d.responseStatus = row.getInteger("response_status");
        d.responseBody = row.getString("response_body");
        d.lastAttemptAt = Timestamps.of(row.getOffsetDateTime("last_attempt_at"));
        d.nextAttemptAt = Timestamps.of(row.getOffsetDateTime("next_attempt_at"));
        d.error = row.getString("error");
        d.createdAt = Timestamps.of(row.getOffsetDateTime("created_at"));
        return d;
    }

}
