package com.encrata.webhooks.platform.db;

import java.util.ArrayList;
import java.util.List;

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

    @Override
    public Pool create(Input input) {
        PoolOptions options = new PoolOptions(input.poolOptions()).setConnectionTimeout(0).setMaxWaitQueueSize(MAX_WAITING);
        List<SqlConnectOptions> servers = new ArrayList<>();
        for (PgConnectOptions server : input.pgConnectOptionsList()) {
            servers.add(new PgConnectOptions(server).setCachePreparedStatements(true)
                    .setPreparedStatementCacheMaxSize(PREPARED_STATEMENTS)
                    .setPreparedStatementCacheSqlLimit(PREPARED_STATEMENT_MAX_LENGTH));
        }
        return PgBuilder.pool().with(options).connectingTo(servers).using(input.vertx()).build();
    }
}
