package com.encrata.webhooks.delivery.engine;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deletes deliveries and events older than the retention (ENCRATA_RETENTION, 30 days by default) and
 * expired retired secrets and idempotency keys, in small batches so no statement holds locks for long.
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);
    static final int BATCH = 2000;

    private static final String DELIVERIES = """
            DELETE FROM deliveries WHERE id IN (
                SELECT id FROM deliveries WHERE created_at < now() - make_interval(secs => $1) AND status <> 'pending'
                LIMIT $2)""";
    private static final String EVENTS = """
            DELETE FROM events WHERE id IN (
                SELECT e.id FROM events e WHERE e.created_at < now() - make_interval(secs => $1)
                  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.status = 'pending')
                LIMIT $2)""";
    private static final String SECRETS = "DELETE FROM webhook_secrets WHERE expires_at <= now()";
    private static final String IDEMPOTENCY = "DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'";

    private final Pool pool;
    private final double retentionSeconds;

    public RetentionPurge(Pool pool, @ConfigProperty(name = "encrata.retention", defaultValue = "30d") Duration retention) {
        this.pool = pool;
        this.retentionSeconds = retention.toMillis() / 1000.0;
    }

    @Scheduled(every = "${encrata.retention.purge-interval:10m}", delayed = "${encrata.retention.purge-delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        long started = System.nanoTime();
        return purge().invoke(n -> {
            if (n > 0) {
                LOG.infof("Retention purge removed %d rows in %d ms", n, (System.nanoTime() - started) / 1_000_000);
            }
        }).onFailure().invoke(e -> LOG.warnf("Retention purge failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Purges everything past retention; answers how many rows went. */
    public Uni<Long> purge() {
        return drain(DELIVERIES, 0).chain(d -> drain(EVENTS, d))
                .chain(n -> pool.query(SECRETS).execute().map(rows -> n + rows.rowCount()))
                .chain(n -> pool.query(IDEMPOTENCY).execute().map(rows -> n + rows.rowCount()));
    }

    private Uni<Long> drain(String sql, long sofar) {
        return pool.preparedQuery(sql).execute(Tuple.of(retentionSeconds, BATCH)).chain(rows -> {
            long total = sofar + rows.rowCount();
            return rows.rowCount() < BATCH ? Uni.createFrom().item(total) : drain(sql, total);
        });
    }
}
