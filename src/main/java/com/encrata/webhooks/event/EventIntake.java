package com.encrata.webhooks.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.common.ApiException;
import com.encrata.webhooks.workspace.WorkspaceRepository;
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

    public static final String ID_REUSED = "An event with this id was already received with different content";

    private final EventRecorder recorder;
    private final EventRepository events;
    private final WorkspaceRepository workspaces;
    private final ObjectMapper mapper;

    public EventIntake(EventRecorder recorder, EventRepository events, WorkspaceRepository workspaces,
            ObjectMapper mapper) {
        this.recorder = recorder;
        this.events = events;
        this.workspaces = workspaces;
        this.mapper = mapper;
    }

    /** An accepted event: its id (the producer's, or a new one) and its delivery count. */
    public record Accepted(String id, int deliveries) {
    }

    public Uni<Accepted> accept(UUID workspaceId, String sourceId, EventType type, String dataJson, Instant createdAt) {
        String id = sourceId != null ? sourceId : UUID.randomUUID().toString();
        return recorder.store(workspaceId, id, type, dataJson, createdAt.truncatedTo(ChronoUnit.MILLIS))
                .chain(count -> count != null
                        ? Uni.createFrom().item(new Accepted(id, count))
                        : existing(workspaceId, id, type, dataJson));
    }

    /** Nothing was stored: the workspace is missing, or this producer id was seen before. */
    @WithSession
    Uni<Accepted> existing(UUID workspaceId, String id, EventType type, String dataJson) {
        return events.findBySource(workspaceId, id).chain(existing -> {
            if (existing == null) {
                return workspaces.findById(workspaceId).map(ws -> {
                    throw ws == null ? ApiException.notFound("Workspace") : new IllegalStateException("Event not stored");
                });
            }
            boolean same = existing.eventType.equals(type.wireName())
                    && dataJson.equals(ExactJson.field(mapper.getFactory(), existing.body, "data"));
            if (!same) {
                throw ApiException.conflict(ID_REUSED);
            }
            return Uni.createFrom().item(new Accepted(existing.sourceId, existing.deliveryCount));
        });
    }
}
