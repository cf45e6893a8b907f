package com.encrata.webhooks.event;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Queries on events. */
@ApplicationScoped
public class EventRepository implements PanacheRepositoryBase<Event, UUID> {
}
