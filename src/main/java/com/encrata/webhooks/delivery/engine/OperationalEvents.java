package com.encrata.webhooks.delivery.engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.platform.time.Timestamps;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Fans out the operational events (SPEC §11) that {@link OutcomeWriter} records in the statement of
 * the outcome that causes them: right after that statement commits, on the instance that wrote it; and
 * every few seconds, on any instance, those still recorded a while after (their instance died before
 * fanning them out, or the fan-out failed). {@link FanOut} stores each one and deletes its record in
 * one statement, so each is fanned out exactly once however many instances try.
 */
@ApplicationScoped
public class OperationalEvents {

    private static final Logger LOG = Logger.getLogger(OperationalEvents.class);

    /** Events recorded longer ago than this are fanned out by the sweep. */
    static final double SWEEP_AFTER_SECONDS = 5;
    static final int SWEEP_BATCH = 100;

    private static final String LEFT_OVER = """
            SELECT id, workspace_id, webhook_id, event_type, data, created_at FROM operational_events
            WHERE created_at < now() - make_interval(secs => $1)
            ORDER BY created_at, id LIMIT $2""";

    /** An operational event as recorded: its record's id becomes the event's id. */
    record Recorded(UUID id, UUID workspaceId, UUID webhookId, EventType type, String data, Instant createdAt) {

        static Recorded of(Row row) {
            return new Recorded(row.getUUID("id"), row.getUUID("workspace_id"), row.getUUID("webhook_id"),
                    EventType.fromWire(row.getString("event_type")).orElseThrow(), row.getString("data"),
                    Timestamps.of(row.getOffsetDateTime("created_at")));
        }
    }

    private final Pool pool;
    private final FanOut fanOut;
    private final ObjectMapper mapper;

    public OperationalEvents(Pool pool, FanOut fanOut, ObjectMapper mapper) {
        this.pool = pool;
        this.fanOut = fanOut;
        this.mapper = mapper;
    }

    /** Fans out events just recorded, one after the other in the order recorded; failures are left to the sweep. */
    void fanOut(List<Recorded> recorded) {
        if (recorded.isEmpty()) {
            return;
        }
        Multi.createFrom().iterable(recorded).onItem().transformToUniAndConcatenate(this::fanOutOne)
                .collect().last().subscribe().with(n -> { }, e -> { });
    }

    @Scheduled(every = "${encrata.ops.sweep-interval:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return pool.preparedQuery(LEFT_OVER).execute(Tuple.of(SWEEP_AFTER_SECONDS, SWEEP_BATCH))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> fanOutOne(Recorded.of(row)))
                .collect().last().replaceWithVoid()
                .onFailure().invoke(e -> LOG.debugf("Could not sweep operational events: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    private Uni<Integer> fanOutOne(Recorded event) {
        return Uni.createFrom().item(() -> compact(event.data()))
                .chain(data -> fanOut.storeOperational(event.id(), event.workspaceId(), event.webhookId(), event.type(),
                        data, event.createdAt()))
                .onFailure().invoke(e -> LOG.warnf("Operational event %s (%s) not fanned out yet: %s", event.id(),
                        event.type().wireName(), e.getClass().getSimpleName()))
                .onFailure().recoverWithItem(0);
    }

    /** The data object as the service writes JSON: compact, fields in the order they were built. */
    private String compact(String data) {
        try {
            return mapper.writeValueAsString(mapper.readTree(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("operational event data is not JSON", e);
        }
    }
}
