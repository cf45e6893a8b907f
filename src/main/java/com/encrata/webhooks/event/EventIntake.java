package com.encrata.webhooks.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.common.ApiException;
import com.encrata.webhooks.common.DatabaseErrors;
import com.encrata.webhooks.workspace.WorkspaceRepository;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Events from other Encrata services: idempotent per producer id and workspace (the same id again
 * answers the original result; the same id with other content is a conflict), stored and fanned
 * out in one transaction, so an accepted event is never lost.
 */
@ApplicationScoped
public class EventIntake {

    public static final String ID_REUSED = "An event with this id was already received with different content";
    private static final String SOURCE_UNIQUE = "events_workspace_source";

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
        Instant at = createdAt.truncatedTo(ChronoUnit.MILLIS);
        return store(workspaceId, id, type, dataJson, at)
                .onFailure(e -> DatabaseErrors.isUniqueViolation(e, SOURCE_UNIQUE))
                .recoverWithUni(() -> replay(workspaceId, id, type, dataJson));
    }

    @WithTransaction
    Uni<Accepted> store(UUID workspaceId, String id, EventType type, String dataJson, Instant createdAt) {
        return workspaces.findById(workspaceId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Workspace"))
                .chain(() -> events.findBySource(workspaceId, id))
                .chain(existing -> existing != null
                        ? Uni.createFrom().item(compare(existing, type, dataJson))
                        : recorder.record(workspaceId, id, type, dataJson, createdAt)
                                .map(event -> new Accepted(id, event.deliveryCount)));
    }

    @WithSession
    Uni<Accepted> replay(UUID workspaceId, String id, EventType type, String dataJson) {
        return events.findBySource(workspaceId, id).map(existing -> compare(existing, type, dataJson));
    }

    private Accepted compare(Event existing, EventType type, String dataJson) {
        boolean same = existing.eventType.equals(type.wireName())
                && dataJson.equals(ExactJson.field(mapper.getFactory(), existing.body, "data"));
        if (!same) {
            throw ApiException.conflict(ID_REUSED);
        }
        return new Accepted(existing.sourceId, existing.deliveryCount);
    }
}
