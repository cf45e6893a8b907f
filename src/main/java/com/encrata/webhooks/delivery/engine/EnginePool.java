package com.encrata.webhooks.delivery.engine;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

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
 * waits for two engine statements in turn, would wait behind all of them). And the intake's: one for
 * each of its statements that may run at once ({@link IntakeBatches#RUNNING}), whose sessions always
 * use the statement's generic plan. That plan is made once per connection; left to choose,
 * PostgreSQL plans it again for most executions (0.6 ms each, longer than running it), because it
 * estimates a statement of one event from its arrays' lengths and the generic plan from a guess.
 */
@Singleton
public class EnginePool {

    /** Marks the engine's pool where it is injected. */
    @Qualifier
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD })
    public @interface Engine {
    }

    /** Marks the intake's pool where it is injected. */
    @Qualifier
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD })
    public @interface Intake {
    }

    // The shared pool is asked for first: the engine's is built from what it was built from.
    @Produces
    @Singleton
    @Engine
    Pool pool(Pool shared, DatabasePool pools, DeliveryConfig config) {
        return Pool.newInstance(pools.separate("delivery-engine", config.databaseConnections()));
    }

    @Produces
    @Singleton
    @Intake
    Pool intake(Pool shared, DatabasePool pools) {
        return Pool.newInstance(pools.separate("intake", IntakeBatches.RUNNING,
                Map.of("plan_cache_mode", "force_generic_plan")));
    }

    void close(@Disposes @Engine Pool pool) {
        pool.closeAndAwait();
    }

    void closeIntake(@Disposes @Intake Pool pool) {
        pool.closeAndAwait();
    }
}
