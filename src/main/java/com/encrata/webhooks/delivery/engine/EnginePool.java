package com.encrata.webhooks.delivery.engine;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Qualifier;
import jakarta.inject.Singleton;

import com.encrata.webhooks.delivery.DeliveryConfig;
import com.encrata.webhooks.platform.db.DatabasePool;

import io.vertx.mutiny.sqlclient.Pool;

/**
 * The engine's own database connections ({@code encrata.delivery.database-connections}), apart from
 * the pool requests share: a claim, an outcome or a lease renewal never waits in the queue of a burst
 * of API requests (32 intakes at once wait for 4 connections; a fifo webhook's next delivery, which
 * waits for two engine statements in turn, would wait behind all of them).
 */
@Singleton
public class EnginePool {

    /** Marks the engine's pool where it is injected. */
    @Qualifier
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD })
    public @interface Engine {
    }

    // The shared pool is asked for first: the engine's is built from what it was built from.
    @Produces
    @Singleton
    @Engine
    Pool pool(Pool shared, DatabasePool pools, DeliveryConfig config) {
        return Pool.newInstance(pools.separate("delivery-engine", config.databaseConnections()));
    }

    void close(@Disposes @Engine Pool pool) {
        pool.closeAndAwait();
    }
}
