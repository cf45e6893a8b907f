package com.encrata.webhooks.event;

import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.common.Timestamps;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * Stores events raised inside this service (API key created or revoked) in the caller's
 * transaction, so the event exists exactly when the change that raised it is committed.
 */
@ApplicationScoped
public class EventRecorder {

    private final EventRepository events;
    private final ObjectMapper mapper;

    public EventRecorder(EventRepository events, ObjectMapper mapper) {
        this.events = events;
        this.mapper = mapper;
    }

    /** Must be called inside a transaction. */
    public Uni<Event> record(UUID workspaceId, EventType type, Map<String, Object> data) {
        Event event = new Event();
        event.id = UUID.randomUUID();
        event.workspaceId = workspaceId;
        event.eventType = type.wireName();
        event.createdAt = Timestamps.now();
        try {
            event.body = EventEnvelope.serialise(mapper, type.wireName(), mapper.writeValueAsString(data), event.createdAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise event data", e);
        }
        return events.persist(event);
    }
}
