package com.encrata.webhooks.delivery.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.delivery.Delivery;
import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.platform.time.Timestamps;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The delivery log as the API reads it, straight on the SQL client: pending deliveries from the queue
 * and final ones from the history, newest first by {@code (created_at, id)}, each with the envelope it
 * sends. Each side is read along its indexes (the history's by event type, or its failed deliveries')
 * and cut to the page before the two are merged.
 */
@ApplicationScoped
public class DeliveryLog {

    private static final String QUEUED = """
            SELECT q.id, q.webhook_id, q.event_type, coalesce(q.payload, e.body) AS envelope, 'pending' AS status,
                   q.attempts, q.response_status, q.response_body, q.last_attempt_at,
                   coalesce(q.leased_until, q.due_at) AS next_attempt_at, q.error, q.created_at
            FROM delivery_queue q LEFT JOIN events e ON e.id = q.event_id""";

    // Final deliveries (%s: the rows, as d), each with its envelope.
    private static final String HISTORY_OF = """
            SELECT d.id, d.webhook_id, d.event_type, coalesce(d.payload, e.body) AS envelope, d.status,
                   d.attempts, d.response_status, d.response_body, d.last_attempt_at, NULL::timestamptz AS next_attempt_at,
                   d.error, d.created_at
            FROM %s d LEFT JOIN events e ON e.id = d.event_id""";

    private static final String HISTORY = HISTORY_OF.formatted("deliveries");

    // The history of webhook $1 over every event type a delivery can have ($%2$d; %1$s: the conditions and
    // order of one type's page after its type), newest first, up to $2: each type's page is read along the
    // history's event-type index, the pages are merged and cut, and only then do the rows get their envelope.
    private static final String EACH_TYPE = HISTORY_OF.formatted("""
            (SELECT page.* FROM unnest($%2$d::text[]) t (event_type) CROSS JOIN LATERAL (
                 SELECT * FROM deliveries d WHERE d.webhook_id = $1 AND d.event_type = t.event_type%1$s) page
             ORDER BY page.created_at DESC, page.id DESC LIMIT $2)""") + " ORDER BY d.created_at DESC, d.id DESC";

    // $1 delivery, $2 workspace: the delivery, wherever it is, if its webhook belongs to the workspace.
    private static final String ONE = """
            SELECT * FROM ((%s WHERE q.id = $1) UNION ALL (%s WHERE d.id = $1)) l
            WHERE EXISTS (SELECT 1 FROM webhooks w WHERE w.id = l.webhook_id AND w.workspace_id = $2)
            LIMIT 1""".formatted(QUEUED, HISTORY);

    // $1 delivery, $2 webhook: when the delivery was created, if it is one of the webhook's.
    private static final String CURSOR = """
            SELECT created_at FROM delivery_queue WHERE id = $1 AND webhook_id = $2
            UNION ALL SELECT created_at FROM deliveries WHERE id = $1 AND webhook_id = $2 LIMIT 1""";

    private final Pool pool;
    /** Every event type a delivery can have: those of events, and the test sends'. */
    private final String[] deliveryTypes = Stream.concat(Arrays.stream(EventType.values()).map(EventType::wireName),
            Stream.of(Delivery.TEST_EVENT)).toArray(String[]::new);

    public DeliveryLog(Pool pool) {
        this.pool = pool;
    }

    /**
     * Up to {@code limit} deliveries of the page, newest first by {@code (created_at, id)}: pending ones
     * from the queue and final ones from the history, each side cut to the page along its indexes before
     * the two are merged. A page after a delivery holds only
     * deliveries created before it (or in the same millisecond with a smaller id), so paging through a
     * log that grows meanwhile neither repeats nor skips one.
     */
    public Uni<List<Delivery>> list(LogQuery query) {
        List<Object> values = new ArrayList<>();
        values.add(query.webhookId());
        values.add(query.limit());
        StringBuilder where = new StringBuilder();
        if (query.eventType() != null) {
            values.add(query.eventType());
            where.append(" AND %1$s.event_type = $").append(values.size());
        }
        if (query.since() != null) {
            values.add(query.since().atOffset(ZoneOffset.UTC));
            where.append(" AND %1$s.created_at >= $").append(values.size());
        }
        if (query.until() != null) {
            values.add(query.until().atOffset(ZoneOffset.UTC));
            where.append(" AND %1$s.created_at < $").append(values.size());
        }
        if (query.afterId() != null) {
            values.add(query.afterCreatedAt().atOffset(ZoneOffset.UTC));
            values.add(query.afterId());
            where.append(" AND (%1$s.created_at, %1$s.id) < ($").append(values.size() - 1).append(", $")
                    .append(values.size()).append(')');
        }
        String order = " ORDER BY %1$s.created_at DESC, %1$s.id DESC LIMIT $2";
        String pending = QUEUED + " WHERE q.webhook_id = $1" + where.toString().formatted("q") + order.formatted("q");
        String sql;
        if (Delivery.PENDING.equals(query.status())) {
            sql = pending;
        } else {
            String finished = finished(query, where.toString().formatted("d") + order.formatted("d"), values);
            sql = query.status() != null ? finished
                    : "SELECT * FROM ((" + pending + ") UNION ALL (" + finished + ")) l"
                            + " ORDER BY created_at DESC, id DESC LIMIT $2";
        }
        return pool.preparedQuery(sql).execute(Tuple.from(values)).map(rows -> {
            List<Delivery> page = new ArrayList<>(rows.size());
            rows.forEach(row -> page.add(delivery(row)));
            return page;
        });
    }

    /**
     * The history's side of the page ({@code rest}: the conditions and order after the webhook's), adding
     * to {@code values} what it needs. Failed deliveries have an index of their own; otherwise the
     * history is read along its event-type index: for one type, that type's range; for all, the range
     * of each type, each cut to the page, then merged.
     */
    private String finished(LogQuery query, String rest, List<Object> values) {
        String where = (query.status() == null ? "" : " AND d.status = '" + finalStatus(query.status()) + "'") + rest;
        if (query.eventType() != null || Delivery.FAILED.equals(query.status())) {
            return HISTORY + " WHERE d.webhook_id = $1" + where;
        }
        values.add(deliveryTypes);
        return EACH_TYPE.formatted(where, values.size());
    }

    /** When the delivery was created, if it is one of the webhook's; null otherwise. */
    public Uni<Instant> createdAt(UUID deliveryId, UUID webhookId) {
        return pool.preparedQuery(CURSOR).execute(Tuple.of(deliveryId, webhookId)).map(rows -> rows.size() == 0 ? null
                : Timestamps.of(rows.iterator().next().getOffsetDateTime("created_at")));
    }

    /** A final status as it is written into SQL: only one of the two known values. */
    private static String finalStatus(String status) {
        return Delivery.SUCCESS.equals(status) ? Delivery.SUCCESS : Delivery.FAILED;
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
