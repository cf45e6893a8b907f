package com.encrata.webhooks.platform.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Asks the database the cheapest question there is. */
@ApplicationScoped
public class DatabaseProbe {

    private static final String PING = "SELECT 1";

    private final Pool pool;

    public DatabaseProbe(Pool pool) {
        this.pool = pool;
    }

    /** Completes when the database answers within {@code timeout}; fails otherwise. */
    public Uni<Void> ping(Duration timeout) {
        return pool.query(PING).execute().ifNoItem().after(timeout).fail().replaceWithVoid();
    }
}
