package com.encrata.webhooks.delivery.engine;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.MDC;

import com.encrata.webhooks.delivery.engine.EnginePool.Intake;
import com.encrata.webhooks.delivery.engine.FanOutFilters.Matched;
import com.encrata.webhooks.event.EventEnvelope;
import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.platform.http.HttpEdge;
import com.encrata.webhooks.platform.time.Timestamps;
import com.encrata.webhooks.webhook.Webhook;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
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
 * producer id already stored inserts nothing and answers null. Producers' events are committed on
 * their own, and those that arrive together are stored by one statement ({@link IntakeBatches}): one
 * transaction and one round trip for many events, each with its own outcome. A producer's event
 * hands up to {@link #HAND_OVER} of its deliveries straight to this instance
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

    // One row (n, from 1) of each array per event: $1 event ids, $2 workspaces, $3 source ids, $4 types,
    // $5 envelopes, $6 event times, $7 request ids, $8 how many of its deliveries to lease to this instance,
    // $9 the intake's trace contexts (null when tracing is off); then $10 the channel, $11 lease seconds,
    // $12 lease token; $13-$15 the filters evaluated, one row each: its event (n), its id, whether it matched.
    // Per event, rows come back (n): stale when a subscribed webhook has a filter id not evaluated (the
    // event stores nothing then); unused when an evaluated id is no longer any subscribed webhook's; no
    // delivery count when the workspace does not exist or the source id is already taken (by an event
    // stored before, or earlier in the same statement); otherwise one row per leased delivery (or one
    // without a delivery when none is leased). A webhook with a filter gets a delivery only when its filter
    // matched. Deliveries to a scheduled webhook take their place in its lane in the order of the events.
    private static final String FAN_OUT = """
            WITH input AS MATERIALIZED (
                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
                                     $7::text[], $8::int4[], $9::text[]) WITH ORDINALITY
                    AS i (event_id, workspace_id, source_id, event_type, body, created_at, request_id, leases,
                          traceparent, n)
            ), known AS MATERIALIZED (
                SELECT * FROM unnest($13::int8[], $14::uuid[], $15::bool[]) AS k (n, filter_id, matched)
            ), subscribed AS MATERIALIZED (
                SELECT i.n, s.id, s.filter_id, s.scheduled, k.matched
                FROM input i
                CROSS JOIN LATERAL (SELECT w.id, w.filter_id, %1$s AS scheduled
                                    FROM webhooks w
                                    WHERE w.workspace_id = i.workspace_id AND w.is_active
                                      AND i.event_type = ANY (w.events)%3$s
                                    OFFSET 0) s
                LEFT JOIN known k ON k.n = i.n AND k.filter_id = s.filter_id
            ), stale AS MATERIALIZED (
                SELECT DISTINCT n FROM subscribed WHERE filter_id IS NOT NULL AND matched IS NULL
            ), unused AS MATERIALIZED (
                SELECT DISTINCT k.n FROM known k
                WHERE NOT EXISTS (SELECT 1 FROM subscribed s WHERE s.n = k.n AND s.filter_id = k.filter_id)
            ), targets AS MATERIALIZED (
                SELECT n, id, delivery_id, scheduled,
                       NOT scheduled AND row_number() OVER (PARTITION BY n, scheduled) <= leases AS leased
                FROM (SELECT s.n, s.id, encrata_uuid_v7() AS delivery_id, s.scheduled, i.leases
                      FROM subscribed s JOIN input i ON i.n = s.n
                      WHERE s.n NOT IN (SELECT n FROM stale) AND (s.filter_id IS NULL OR s.matched)) t
            ), counts AS (
                SELECT n, count(*) AS deliveries FROM targets GROUP BY n
            )%4$s, e AS (
                INSERT INTO events (id, workspace_id, source_id, event_type, body, created_at, delivery_count,
                                    request_id, accepted_at, traceparent)
                SELECT i.event_id, i.workspace_id, i.source_id, i.event_type, i.body, i.created_at,
                       coalesce(c.deliveries, 0), i.request_id, date_trunc('milliseconds', now()), i.traceparent
                FROM input i LEFT JOIN counts c ON c.n = i.n
                WHERE i.n NOT IN (SELECT n FROM stale)
                  AND EXISTS (SELECT 1 FROM workspaces ws WHERE ws.id = i.workspace_id)%5$s
                ORDER BY i.n
                ON CONFLICT (workspace_id, source_id) WHERE source_id IS NOT NULL DO NOTHING
                RETURNING id, delivery_count, request_id, traceparent
            ), q AS (
                INSERT INTO delivery_queue (id, webhook_id, event_id, event_type, created_at, seq, due_at, leased_until,
                                            lease_token, handed)
                SELECT t.delivery_id, t.id, i.event_id, i.event_type, date_trunc('milliseconds', now()),
                       CASE WHEN t.scheduled THEN nextval('delivery_queue_seq_order') END, date_trunc('milliseconds', now()),
                       CASE WHEN t.leased THEN now() + make_interval(secs => $11) END,
                       CASE WHEN t.leased THEN $12::uuid END, t.leased
                FROM targets t JOIN input i ON i.n = t.n JOIN e ON e.id = i.event_id
                ORDER BY t.n
                RETURNING *
            )
            SELECT i.n, i.n IN (SELECT n FROM stale) AS stale, i.n IN (SELECT n FROM unused) AS unused,
                   e.delivery_count,
                   (SELECT 1 FROM pg_notify($10, '') WHERE EXISTS (SELECT 1 FROM q WHERE NOT q.handed)) AS woke,
                   %2$s
            FROM input i
            LEFT JOIN (e LEFT JOIN q ON q.event_id = e.id AND q.handed LEFT JOIN webhooks w ON w.id = q.webhook_id)
                ON e.id = i.event_id""";

    private static final String STORE_AND_FAN_OUT = FAN_OUT.formatted(Webhook.SCHEDULED_ON_ITS_OWN_SQL,
            Claimed.columnsWithoutPayload("q.created_at"), "", "", "");

    // An operational event recorded with an attempt's outcome (operational_events; the one event's id is its
    // record's): as above, never to the webhook it is about ($16), and only when its record is still there to
    // be taken (the event is stored and the record deleted in this one statement: a second fan-out of it
    // stores nothing).
    private static final String FAN_OUT_OPERATIONAL = FAN_OUT.formatted(Webhook.SCHEDULED_ON_ITS_OWN_SQL,
            Claimed.columnsWithoutPayload("q.created_at"), " AND w.id <> $16", """
            , taken AS (
                DELETE FROM operational_events o
                WHERE o.id = ANY ($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM stale)
                RETURNING o.id
            )""", " AND i.event_id IN (SELECT id FROM taken)");

    /** Times the statement may find filters changed under it before the event is refused. */
    static final int MAX_ROUNDS = 4;

    /** One event for the statement ({@code filters}: those evaluated on it, null until they are). */
    private record Pending(UUID eventId, UUID workspaceId, String sourceId, EventType type, String body,
            OffsetDateTime createdAt, String requestId, int leases, String traceparent, Matched filters) {

        Pending with(Matched evaluated) {
            return new Pending(eventId, workspaceId, sourceId, type, body, createdAt, requestId, leases, traceparent,
                    evaluated);
        }
    }

    /** What the statement did with one event: its delivery count (null: nothing stored) and the deliveries leased here. */
    private record Stored(boolean stale, boolean unused, Integer count, List<Claimed> leased) {
    }

    private final Pool pool;
    private final ObjectMapper mapper;
    private final IntakeHandOver handOver;
    private final FanOutFilters filters;
    private final DeliveryTracing tracing;
    /** Producers' events, each committed on its own, stored together when they arrive together. */
    private final IntakeBatches<Pending, Stored> batches;

    public FanOut(Pool pool, @Intake Pool intake, ObjectMapper mapper, IntakeHandOver handOver, FanOutFilters filters,
            DeliveryTracing tracing, MeterRegistry registry) {
        this.pool = pool;
        this.mapper = mapper;
        this.handOver = handOver;
        this.filters = filters;
        this.tracing = tracing;
        DistributionSummary together = DistributionSummary.builder("encrata.intake.statement.events")
                .description("Producers' events stored by one intake statement").register(registry);
        this.batches = new IntakeBatches<>(events -> {
            together.record(events.size());
            return run(intake, STORE_AND_FAN_OUT, events, null);
        });
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
        Pending event = pending(workspaceId, null, type, dataJson, Timestamps.now(), 0);
        return storeFiltered(e -> one(transaction, STORE_AND_FAN_OUT, e, null), transaction, event, dataJson, 1)
                .map(stored -> stored.count() == null ? 0 : stored.count());
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
        Pending event = pending(workspaceId, sourceId, type, dataJson, createdAt, reserved);
        return storeFiltered(e -> batches.submit(e, e.body().length()), pool, event, dataJson, 1)
                .map(stored -> {
                    if (reserved > 0) {
                        handOver.handOver(reserved, stored.leased());
                    }
                    remember(key, stored.count());
                    return stored.count();
                })
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
        Pending event = new Pending(id, workspaceId, null, type, body, createdAt.atOffset(ZoneOffset.UTC), null, 0, null,
                null);
        return storeFiltered(e -> one(pool, FAN_OUT_OPERATIONAL, e, aboutWebhookId), pool, event, dataJson, 1)
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

    /** A new event, stored with the request id and trace context of the intake (read here, on its own context). */
    private Pending pending(UUID workspaceId, String sourceId, EventType type, String dataJson, Instant createdAt,
            int leases) {
        return new Pending(UUID.randomUUID(), workspaceId, sourceId, type,
                EventEnvelope.serialise(mapper, type.wireName(), dataJson, createdAt), createdAt.atOffset(ZoneOffset.UTC),
                currentRequestId(), leases, tracing.intakeContext(), null);
    }

    /**
     * Evaluates the filters known for the event's workspace and type, and runs the statement with the
     * outcome; when it finds filters not known here, reads them (on {@code client}) and starts again.
     */
    private Uni<Stored> storeFiltered(Function<Pending, Uni<Stored>> statement, SqlClient client, Pending event,
            String dataJson, int round) {
        return filters.match(event.workspaceId(), event.type(), dataJson)
                .chain(matched -> statement.apply(event.with(matched)))
                .chain(stored -> {
                    if (stored.stale()) {
                        if (round >= MAX_ROUNDS) {
                            return Uni.createFrom().failure(new IllegalStateException("webhook filters kept changing"));
                        }
                        return filters.reload(client, event.workspaceId(), event.type())
                                .chain(() -> storeFiltered(statement, client, event, dataJson, round + 1));
                    }
                    if (stored.unused()) {
                        filters.forget(event.workspaceId(), event.type());
                    }
                    return Uni.createFrom().item(stored);
                });
    }

    /** The statement for one event on {@code client}. */
    private Uni<Stored> one(SqlClient client, String statement, Pending event, UUID excluded) {
        return run(client, statement, List.of(event), excluded).map(stored -> stored.get(0));
    }

    /** The statement for {@code events} on {@code client}: what it did with each, in order. */
    private Uni<List<Stored>> run(SqlClient client, String statement, List<Pending> events, UUID excluded) {
        int size = events.size();
        UUID[] ids = new UUID[size];
        UUID[] workspaces = new UUID[size];
        String[] sources = new String[size];
        String[] types = new String[size];
        String[] bodies = new String[size];
        OffsetDateTime[] times = new OffsetDateTime[size];
        String[] requests = new String[size];
        Integer[] leases = new Integer[size];
        String[] traces = new String[size];
        List<Long> filterEvents = new ArrayList<>();
        List<UUID> filterIds = new ArrayList<>();
        List<Boolean> filterMatched = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Pending e = events.get(i);
            ids[i] = e.eventId();
            workspaces[i] = e.workspaceId();
            sources[i] = e.sourceId();
            types[i] = e.type().wireName();
            bodies[i] = e.body();
            times[i] = e.createdAt();
            requests[i] = e.requestId();
            leases[i] = e.leases();
            traces[i] = e.traceparent();
            List<UUID> matched = Arrays.asList(e.filters().matched());
            for (UUID known : e.filters().known()) {
                filterEvents.add(i + 1L);
                filterIds.add(known);
                filterMatched.add(matched.contains(known));
            }
        }
        UUID leaseToken = UUID.randomUUID();
        Tuple values = Tuple.tuple().addArrayOfUUID(ids).addArrayOfUUID(workspaces).addArrayOfString(sources)
                .addArrayOfString(types).addArrayOfString(bodies).addArrayOfOffsetDateTime(times)
                .addArrayOfString(requests).addArrayOfInteger(leases).addArrayOfString(traces)
                .addString(DeliveryNotifications.CHANNEL).addDouble(handOver.lease().toMillis() / 1000.0)
                .addUUID(leaseToken).addArrayOfLong(filterEvents.toArray(Long[]::new))
                .addArrayOfUUID(filterIds.toArray(UUID[]::new)).addArrayOfBoolean(filterMatched.toArray(Boolean[]::new));
        if (excluded != null) {
            values.addUUID(excluded);
        }
        return client.preparedQuery(statement).execute(values).map(rows -> {
            List<Stored> stored = new ArrayList<>(size);
            List<List<Claimed>> leased = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                stored.add(null);
                leased.add(new ArrayList<>());
            }
            for (Row row : rows) {
                int i = (int) (row.getLong("n") - 1);
                if (stored.get(i) == null) {
                    stored.set(i, new Stored(row.getBoolean("stale"), row.getBoolean("unused"),
                            row.getInteger("delivery_count"), leased.get(i)));
                }
                if (row.getUUID("id") != null) {
                    // The statement leaves the payload out: all of the event's deliveries held here share its one body.
                    leased.get(i).add(Claimed.of(row, leaseToken).withPayload(bodies[i]));
                }
            }
            return stored;
        });
    }

    private static String currentRequestId() {
        Object id = MDC.get(HttpEdge.REQUEST_ID_MDC);
        return id == null ? null : id.toString();
    }
}
