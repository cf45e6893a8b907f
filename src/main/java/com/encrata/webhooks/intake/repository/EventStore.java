package com.encrata.webhooks.intake.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.MDC;

import com.encrata.webhooks.delivery.engine.DeliveryNotifications;
import com.encrata.webhooks.event.EventEnvelope;
import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.platform.http.HttpEdge;
import com.encrata.webhooks.platform.time.Timestamps;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Stores an event and fans it out in one statement: the event row, one pending delivery for every
 * active webhook of the workspace subscribed to its type, and a NOTIFY that wakes the dispatchers
 * when (and only if) the transaction commits. An event with a producer id already stored inserts
 * nothing and answers null.
 */
@ApplicationScoped
public class EventStore {

    // $1 event id, $2 workspace, $3 source id, $4 type, $5 envelope, $6 event time, $7 request id, $8 channel.
    // No row comes back when the workspace does not exist or the source id is already taken.
    private static final String STORE_AND_FAN_OUT = """
            WITH targets AS (
                SELECT w.id FROM webhooks w
                WHERE w.workspace_id = $2 AND w.is_active AND $4 = ANY (w.events)
            ), e AS (
                INSERT INTO events (id, workspace_id, source_id, event_type, body, created_at, delivery_count)
                SELECT $1, ws.id, $3, $4, $5, $6, (SELECT count(*) FROM targets) FROM workspaces ws WHERE ws.id = $2
                ON CONFLICT (workspace_id, source_id) WHERE source_id IS NOT NULL DO NOTHING
                RETURNING id, delivery_count
            ), d AS (
                INSERT INTO deliveries (id, webhook_id, event_id, event_type, payload, status, attempts,
                                        next_attempt_at, created_at, request_id)
                SELECT gen_random_uuid(), t.id, e.id, $4, $5, 'pending', 0, date_trunc('milliseconds', now()),
                       date_trunc('milliseconds', now()), $7
                FROM targets t, e
                RETURNING 1
            )
            SELECT e.delivery_count, CASE WHEN e.delivery_count > 0 THEN (SELECT 1 FROM pg_notify($8, '')) END AS woke,
                   (SELECT count(*) FROM d) AS inserted
            FROM e""";

    private final Pool pool;
    private final ObjectMapper mapper;

    public EventStore(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /**
     * An event raised inside this service (the {@code apikey.*} events), on {@code transaction}, so
     * that it commits or rolls back with the change it reports.
     */
    public Uni<Integer> raise(SqlClient transaction, UUID workspaceId, EventType type, Map<String, Object> data) {
        String dataJson;
        try {
            dataJson = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return store(transaction, workspaceId, null, type, dataJson, Timestamps.now()).map(n -> n == null ? 0 : n);
    }

    /**
     * An event from a producer, committed on its own; null when the workspace does not exist or the
     * producer id is already stored.
     */
    public Uni<Integer> store(UUID workspaceId, String sourceId, EventType type, String dataJson, Instant createdAt) {
        return store(pool, workspaceId, sourceId, type, dataJson, createdAt);
    }

    private Uni<Integer> store(SqlClient client, UUID workspaceId, String sourceId, EventType type, String dataJson,
            Instant createdAt) {
        String body = EventEnvelope.serialise(mapper, type.wireName(), dataJson, createdAt);
        Tuple values = Tuple.tuple().addUUID(UUID.randomUUID()).addUUID(workspaceId).addString(sourceId)
                .addString(type.wireName()).addString(body).addOffsetDateTime(createdAt.atOffset(ZoneOffset.UTC))
                .addString(currentRequestId()).addString(DeliveryNotifications.CHANNEL);
        return client.preparedQuery(STORE_AND_FAN_OUT).execute(values).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            return row.getInteger("delivery_count");
        });
    }

    private static String currentRequestId() {
        Object id = MDC.get(HttpEdge.REQUEST_ID_MDC);
        return id == null ? null : id.toString();
    }
}
