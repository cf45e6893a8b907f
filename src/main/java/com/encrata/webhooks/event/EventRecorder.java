package com.encrata.webhooks.event;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.MDC;

import com.encrata.webhooks.common.Timestamps;
import com.encrata.webhooks.common.http.HttpEdge;
import com.encrata.webhooks.delivery.DeliveryNotifications;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Stores an event and fans it out, in the caller's transaction: one pending delivery for every
 * active webhook of the workspace subscribed to its type, and a NOTIFY that wakes the dispatchers
 * when (and only if) the transaction commits.
 */
@ApplicationScoped
public class EventRecorder {

    private static final String FAN_OUT = """
            INSERT INTO deliveries (id, webhook_id, event_id, event_type, payload, status, attempts,
                                    next_attempt_at, created_at, request_id)
            SELECT gen_random_uuid(), w.id, :event, :type, :payload, 'pending', 0, now(), :created, :request
            FROM webhooks w
            WHERE w.workspace_id = :workspace AND w.is_active AND :type = ANY (w.events)""";

    private static String currentRequestId() {
        Object id = MDC.get(HttpEdge.REQUEST_ID_MDC);
        return id == null ? null : id.toString();
    }

    private final EventRepository events;
    private final ObjectMapper mapper;

    public EventRecorder(EventRepository events, ObjectMapper mapper) {
        this.events = events;
        this.mapper = mapper;
    }

    /** An event raised inside this service; must be called inside a transaction. */
    public Uni<Event> record(UUID workspaceId, EventType type, Map<String, Object> data) {
        try {
            return record(workspaceId, null, type, mapper.writeValueAsString(data), Timestamps.now());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    /** Stores the event with its compact {@code dataJson} and fans it out; must run inside a transaction. */
    public Uni<Event> record(UUID workspaceId, String sourceId, EventType type, String dataJson, Instant createdAt) {
        Event event = new Event();
        event.id = UUID.randomUUID();
        event.workspaceId = workspaceId;
        event.sourceId = sourceId;
        event.eventType = type.wireName();
        event.createdAt = createdAt;
        event.body = EventEnvelope.serialise(mapper, type.wireName(), dataJson, createdAt);
        return events.persistAndFlush(event)
                .chain(() -> Panache.getSession())
                .chain(session -> session.createNativeQuery(FAN_OUT)
                        .setParameter("event", event.id)
                        .setParameter("type", event.eventType)
                        .setParameter("payload", event.body)
                        .setParameter("created", Timestamps.now())
                        .setParameter("workspace", workspaceId)
                        .setParameter("request", currentRequestId())
                        .executeUpdate()
                        .chain(count -> {
                            event.deliveryCount = count;
                            Uni<Integer> notify = count == 0 ? Uni.createFrom().item(0)
                                    : session.createNativeQuery("NOTIFY " + DeliveryNotifications.CHANNEL).executeUpdate();
                            return notify.replaceWith(event);
                        }));
    }
}
