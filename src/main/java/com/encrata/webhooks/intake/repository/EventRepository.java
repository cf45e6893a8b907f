package com.encrata.webhooks.intake.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.intake.Event;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Queries on events. */
@ApplicationScoped
public class EventRepository implements PanacheRepositoryBase<Event, UUID> {

    public Uni<Event> findBySource(UUID workspaceId, String sourceId) {
        return find("workspaceId = ?1 and sourceId = ?2", workspaceId, sourceId).firstResult();
    }
}
