package com.encrata.webhooks.intake.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.intake.repository.EventRepository;
import com.encrata.webhooks.delivery.engine.FanOut;
import com.encrata.webhooks.platform.error.NotFound;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Events from other Encrata services: idempotent per producer id and workspace (the same id again
 * answers the original result; the same id with other content is a conflict), stored and fanned
 * out in one statement, so an accepted event is never lost and a concurrent duplicate inserts nothing.
 */
@ApplicationScoped
public class EventIntake {

    private final FanOut store;
    private final EventRepository events;
    private final ObjectMapper mapper;

    public EventIntake(FanOut store, EventRepository events, ObjectMapper mapper) {
        this.store = store;
        this.events = events;
        this.mapper = mapper;
    }

    /** An accepted event: its id (the producer's, or a new one) and its delivery count. */
    public record Accepted(String id, int deliveries) {
    }

    public Uni<Accepted> accept(UUID workspaceId, String sourceId, EventType type, String dataJson, Instant createdAt) {
        String id = sourceId != null ? sourceId : UUID.randomUUID().toString();
        return store.store(workspaceId, id, type, dataJson, createdAt.truncatedTo(ChronoUnit.MILLIS))
                .chain(count -> count != null
                        ? Uni.createFrom().item(new Accepted(id, count))
                        : existing(workspaceId, id, type, dataJson));
    }

    /**
     * Nothing was stored: this producer id was seen before, or the workspace is missing (the store
     * statement waits for a concurrent duplicate to commit, so a missing row means no workspace).
     */
    @WithSession
    Uni<Accepted> existing(UUID workspaceId, String id, EventType type, String dataJson) {
        return events.findBySource(workspaceId, id).chain(existing -> {
            if (existing == null) {
                throw new NotFound("Workspace");
            }
            boolean same = existing.eventType.equals(type.wireName())
                    && dataJson.equals(ExactJson.field(mapper.getFactory(), existing.body, "data"));
            if (!same) {
                throw new EventIdReused();
            }
            return Uni.createFrom().item(new Accepted(existing.sourceId, existing.deliveryCount));
        });
    }
}
