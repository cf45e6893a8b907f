package com.encrata.webhooks.platform.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;

/**
 * Builds the PostgreSQL pool (the one Panache and the SQL client share) from Quarkus' settings, with
 * one change: no acquisition timer. The Vert.x SQL client does not cancel that timer when getting a
 * connection fails (eclipse-vertx/vertx-sql-client#1706), so after every failed statement during a
 * database outage it logged an "IllegalStateException: Result is already complete" 30 s later. A
 * bounded wait queue takes the timer's place: beyond {@link #MAX_WAITING} queued statements the
 * pool refuses at once, which the API answers with 503. And prepared statements are kept per
 * connection, whatever their length: without that, PostgreSQL parses and plans every statement
 * again for each execution, which for the engine's long statements costs more than running them.
 */
@Singleton
public class DatabasePool implements PgPoolCreator {

    static final int MAX_WAITING = 4096;
    /** Statements kept prepared per connection (the least recently used is closed beyond). */
    static final int PREPARED_STATEMENTS = 256;
    /** Longer statements than this many characters are prepared for each execution. */
    static final int PREPARED_STATEMENT_MAX_LENGTH = 32 * 1024;

    /** What the shared pool was built from: a separate pool is built the same way. */
    private volatile Input shared;

    @Override
    public Pool create(Input input) {
        shared = input;
        return build(input, new PoolOptions(input.poolOptions()), null, Map.of());
    }

    /**
     * A pool of {@code size} connections of its own to the shared pool's database, built the same way,
     * for work that must not wait behind the shared pool's queue. The shared pool must exist already.
     */
    public Pool separate(String name, int size) {
        return separate(name, size, Map.of());
    }

    /** The same, with PostgreSQL {@code settings} of its own for each of its sessions (sent when it connects). */
    public Pool separate(String name, int size, Map<String, String> settings) {
        Input input = shared;
        if (input == null) {
            throw new IllegalStateException("The shared database pool is not built yet");
        }
        return build(input, new PoolOptions(input.poolOptions()).setShared(false).setName(name).setMaxSize(size), name,
                settings);
    }

    /** {@code name}: the pool's client name in its metrics, null for the shared pool's. */
    private static Pool build(Input input, PoolOptions poolOptions, String name, Map<String, String> settings) {
        PoolOptions options = poolOptions.setConnectionTimeout(0).setMaxWaitQueueSize(MAX_WAITING);
        List<SqlConnectOptions> servers = new ArrayList<>();
        for (PgConnectOptions server : input.pgConnectOptionsList()) {
            PgConnectOptions connect = new PgConnectOptions(server);
            if (name != null) {
                // Metrics are named "<prefix>|<client name>": the same prefix, a client name of its own.
                String shared = server.getMetricsName() == null ? "postgresql" : server.getMetricsName();
                connect.setMetricsName(shared.replaceFirst("\\|.*$", "") + "|" + name);
            }
            settings.forEach(connect::addProperty);
            servers.add(connect.setCachePreparedStatements(true)
                    .setPreparedStatementCacheMaxSize(PREPARED_STATEMENTS)
                    .setPreparedStatementCacheSqlLimit(PREPARED_STATEMENT_MAX_LENGTH));
        }
        return PgBuilder.pool().with(options).connectingTo(servers).using(input.vertx()).build();
    }
}
