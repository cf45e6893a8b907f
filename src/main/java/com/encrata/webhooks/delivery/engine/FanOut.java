package com.encrata.webhooks.delivery.engine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.MDC;

import com.encrata.webhooks.event.EventEnvelope;
import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.platform.http.HttpEdge;
import com.encrata.webhooks.platform.time.Timestamps;
import com.encrata.webhooks.webhook.Webhook;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The first stage of the pipeline, intake: stores an event and fans it out in one statement: the event
 * row, one queued delivery for every active webhook of the workspace subscribed to its type whose
 * filter, if it has one, matches the event ({@link FanOutFilters}: evaluated here before the
 * statement; a filter the statement finds that was not evaluated makes it store nothing, and it runs
 * again once the filters are read), and a NOTIFY that wakes the dispatchers when (and only if) the
 * transaction commits. An event with a
 * producer id already stored inserts nothing and answers null. A producer's event, committed on its
 * own, hands up to {@link #HAND_OVER} of its deliveries straight to this instance
 * ({@link IntakeHandOver}): they are inserted already leased to it, so they are sent without being
 * claimed (and without a NOTIFY when that is all of them); the others wait for a claim. Deliveries
 * to a webhook scheduled on its own (fifo ordering, a rate limit) are never handed over: they get
 * their place in its lane ({@code seq}, in the order events are accepted) and wait for its turn.
 */
@ApplicationScoped
public class FanOut {

    static final int HAND_OVER = 256;
    /** Room reserved for an event of a workspace and type not seen since start. */
    static final int FIRST_RESERVATION = 16;
    /** At most this many workspace and type pairs are remembered (then forgotten all at once). */
    static final int MAX_REMEMBERED = 10_000;

    private record Fanned(UUID workspaceId, EventType type) {
    }

    /** How many deliveries the last event of a workspace and type fanned out to. */
    private final Map<Fanned, Integer> lastFanOut = new ConcurrentHashMap<>();

    // $1 event id, $2 workspace, $3 source id, $4 type, $5 envelope, $6 event time, $7 request id, $8 channel,
    // $9 how many deliveries to lease to this instance, $10 lease seconds, $11 lease token,
    // $12 the filter ids that matched the event, $13 the filter ids known (evaluated) for the workspace and type,
    // $14 the intake's trace context (null when tracing is off).
    // One row comes back: stale when a subscribed webhook has a filter id not known (nothing is inserted
    // then); unused when a known id is no longer any subscribed webhook's; no delivery count when the
    // workspace does not exist or the source id is already taken; otherwise one row per leased delivery
    // (or one without a delivery when none is leased). A webhook with a filter gets a delivery only when
    // its filter matched.
    private static final String FAN_OUT = """
            WITH subscribed AS MATERIALIZED (
                SELECT w.id, w.filter_id, %1$s AS scheduled
                FROM webhooks w
                WHERE w.workspace_id = $2 AND w.is_active AND $4 = ANY (w.events)%3$s
            ), filters AS MATERIALIZED (
                SELECT EXISTS (SELECT 1 FROM subscribed s
                               WHERE s.filter_id IS NOT NULL AND s.filter_id NOT IN (SELECT unnest($13::uuid[]))) AS stale,
                       EXISTS (SELECT 1 FROM unnest($13::uuid[]) k (id)
                               WHERE k.id NOT IN (SELECT s.filter_id FROM subscribed s WHERE s.filter_id IS NOT NULL)) AS unused
            ), targets AS MATERIALIZED (
                SELECT id, delivery_id, scheduled,
                       NOT scheduled AND row_number() OVER (PARTITION BY scheduled) <= $9 AS leased
                FROM (SELECT s.id, encrata_uuid_v7() AS delivery_id, s.scheduled
                      FROM subscribed s, filters f
                      WHERE NOT f.stale
                        AND (s.filter_id IS NULL OR s.filter_id IN (SELECT unnest($12::uuid[]))) ) t
            )%4$s, e AS (
                INSERT INTO events (id, workspace_id, source_id, event_type, body, created_at, delivery_count,
                                    request_id, accepted_at, traceparent)
                SELECT $1, ws.id, $3, $4, $5, $6, (SELECT count(*) FROM targets), $7, date_trunc('milliseconds', now()),
                       $14
                FROM workspaces ws, filters f WHERE ws.id = $2 AND NOT f.stale%5$s
                ON CONFLICT (workspace_id, source_id) WHERE source_id IS NOT NULL DO NOTHING
                RETURNING id, delivery_count, body, request_id, traceparent
            ), q AS (
                INSERT INTO delivery_queue (id, webhook_id, event_id, event_type, created_at, seq, due_at, leased_until,
                                            lease_token, handed)
                SELECT t.delivery_id, t.id, e.id, $4, date_trunc('milliseconds', now()),
                       CASE WHEN t.scheduled THEN nextval('delivery_queue_seq_order') END, date_trunc('milliseconds', now()),
                       CASE WHEN t.leased THEN now() + make_interval(secs => $10) END, CASE WHEN t.leased THEN $11::uuid END,
                       t.leased
                FROM targets t, e
                RETURNING *
            )
            SELECT f.stale, f.unused, e.delivery_count,
                   CASE WHEN e.delivery_count > (SELECT count(*) FROM targets WHERE leased)
                        THEN (SELECT 1 FROM pg_notify($8, '')) END AS woke,
                   %2$s
            FROM filters f
            LEFT JOIN (e LEFT JOIN q ON q.lease_token IS NOT NULL LEFT JOIN webhooks w ON w.id = q.webhook_id) ON true""";

    private static final String STORE_AND_FAN_OUT = FAN_OUT.formatted(Webhook.SCHEDULED_ON_ITS_OWN_SQL,
            Claimed.columnsWithoutPayload("q.created_at"), "", "", "");

    // An operational event recorded with an attempt's outcome (operational_events, $1 its id): as above,
    // never to the webhook it is about ($15), and only when its record is still there to be taken (the
    // event is stored and the record deleted in this one statement: a second fan-out of it stores nothing).
    private static final String FAN_OUT_OPERATIONAL = FAN_OUT.formatted(Webhook.SCHEDULED_ON_ITS_OWN_SQL,
            Claimed.columnsWithoutPayload("q.created_at"), " AND w.id <> $15", """
            , taken AS (
                DELETE FROM operational_events o WHERE o.id = $1 AND NOT (SELECT stale FROM filters)
                RETURNING o.id
            )""", " AND EXISTS (SELECT 1 FROM taken)");

    /** Times the statement may find filters changed under it before the event is refused. */
    static final int MAX_ROUNDS = 4;

    /** What the statement did: the event's delivery count (null: nothing stored) and the deliveries leased here. */
    private record Stored(Integer count, List<Claimed> leased) {
    }

    private final Pool pool;
    private final ObjectMapper mapper;
    private final IntakeHandOver handOver;
    private final FanOutFilters filters;
    private final DeliveryTracing tracing;

    public FanOut(Pool pool, ObjectMapper mapper, IntakeHandOver handOver, FanOutFilters filters,
            DeliveryTracing tracing) {
        this.pool = pool;
        this.mapper = mapper;
        this.handOver = handOver;
        this.filters = filters;
        this.tracing = tracing;
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
        // Not handed over: the transaction may still roll back.
        return store(transaction, workspaceId, null, type, dataJson, Timestamps.now(), 0).map(n -> n == null ? 0 : n);
    }

    /**
     * An event from a producer, committed on its own; null when the workspace does not exist or the
     * producer id is already stored.
     */
    public Uni<Integer> store(UUID workspaceId, String sourceId, EventType type, String dataJson, Instant createdAt) {
        // Room is reserved for as many deliveries as the last event of this workspace and type had: a
        // reservation holds room from every other intake until its statement is done.
        Fanned key = new Fanned(workspaceId, type);
        int reserved = handOver.reserve(Math.min(HAND_OVER, lastFanOut.getOrDefault(key, FIRST_RESERVATION)),
                dataJson.length());
        return store(pool, workspaceId, sourceId, type, dataJson, createdAt, reserved)
                .invoke(count -> remember(key, count))
                .onFailure().invoke(() -> handOver.handOver(reserved, List.of()));
    }

    /**
     * Stores and fans out an operational event recorded with an outcome ({@code id}: its record in
     * {@code operational_events}, which becomes the event's id); 0 deliveries when it was fanned out
     * already (by another instance's sweep) or its workspace is gone.
     */
    public Uni<Integer> storeOperational(UUID id, UUID workspaceId, UUID aboutWebhookId, EventType type, String dataJson,
            Instant createdAt) {
        String body = EventEnvelope.serialise(mapper, type.wireName(), dataJson, createdAt);
        List<Object> values = Arrays.asList(id, workspaceId, null, type.wireName(), body,
                createdAt.atOffset(ZoneOffset.UTC), null, DeliveryNotifications.CHANNEL, 0,
                handOver.lease().toMillis() / 1000.0, UUID.randomUUID());
        return storeFiltered(pool, FAN_OUT_OPERATIONAL, workspaceId, type, dataJson, values, null, aboutWebhookId, 1)
                .map(stored -> stored.count() == null ? 0 : stored.count());
    }

    private void remember(Fanned key, Integer count) {
        if (count == null) {
            return;
        }
        if (lastFanOut.size() >= MAX_REMEMBERED) {
            lastFanOut.clear();
        }
        lastFanOut.put(key, Math.max(1, count));
    }

    private Uni<Integer> store(SqlClient client, UUID workspaceId, String sourceId, EventType type, String dataJson,
            Instant createdAt, int reserved) {
        String body = EventEnvelope.serialise(mapper, type.wireName(), dataJson, createdAt);
        UUID leaseToken = UUID.randomUUID();
        List<Object> values = Arrays.asList(UUID.randomUUID(), workspaceId, sourceId, type.wireName(), body,
                createdAt.atOffset(ZoneOffset.UTC), currentRequestId(), DeliveryNotifications.CHANNEL, reserved,
                handOver.lease().toMillis() / 1000.0, leaseToken);
        // Read here, on the intake's own context: the statement may run after a hop to a worker thread.
        String trace = tracing.intakeContext();
        return storeFiltered(client, STORE_AND_FAN_OUT, workspaceId, type, dataJson, values, trace, null, 1).map(stored -> {
            if (reserved > 0) {
                handOver.handOver(reserved, stored.leased());
            }
            return stored.count();
        });
    }

    /**
     * Evaluates the filters known for the workspace and type, and runs the statement with the outcome;
     * when it finds filters not known here, reads them and starts again.
     */
    private Uni<Stored> storeFiltered(SqlClient client, String statement, UUID workspaceId, EventType type,
            String dataJson, List<Object> values, String trace, UUID excluded, int round) {
        UUID leaseToken = (UUID) values.get(10);
        return filters.match(workspaceId, type, dataJson).chain(matched -> {
            Tuple filtered = Tuple.from(values).addArrayOfUUID(matched.matched()).addArrayOfUUID(matched.known())
                    .addString(trace);
            if (excluded != null) {
                filtered.addUUID(excluded);
            }
            return client.preparedQuery(statement).execute(filtered);
        }).chain(rows -> {
            Row first = rows.iterator().next();
            if (first.getBoolean("stale")) {
                if (round >= MAX_ROUNDS) {
                    return Uni.createFrom().failure(new IllegalStateException("webhook filters kept changing"));
                }
                return filters.reload(client, workspaceId, type)
                        .chain(() -> storeFiltered(client, statement, workspaceId, type, dataJson, values, trace, excluded,
                                round + 1));
            }
            if (first.getBoolean("unused")) {
                filters.forget(workspaceId, type);
            }
            Integer count = first.getInteger("delivery_count");
            List<Claimed> leased = new ArrayList<>();
            for (Row row : rows) {
                if (row.getUUID("id") != null) {
                    // The statement leaves the payload out: all of the event's deliveries held here share its one body.
                    leased.add(Claimed.of(row, leaseToken).withPayload((String) values.get(4)));
                }
            }
            return Uni.createFrom().item(new Stored(count, leased));
        });
    }

    private static String currentRequestId() {
        Object id = MDC.get(HttpEdge.REQUEST_ID_MDC);
        return id == null ? null : id.toString();
    }
}
