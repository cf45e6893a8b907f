package com.encrata.webhooks.delivery.engine;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.groups.UniRepeat;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Removes what is older than the retention (ENCRATA_RETENTION, 30 days by default): the history's day
 * partitions whose days are all past it ({@link HistoryPartitions}, dropped whole), the events of
 * those days, queued work as old (only a requeue can keep a delivery that long), and expired retired
 * secrets and idempotency keys. The retention is counted in whole UTC days, as the partitions are:
 * a delivery is kept between the retention and one day more, and its event exactly as long.
 *
 * <p>Events go in batches of {@code encrata.retention.batch-size} along their acceptance time, each
 * batch found from where the previous one stopped (so no batch walks over the rows already deleted),
 * deleted by physical address and in its own short transaction. When the dead rows of events exceed
 * {@link #VACUUM_DEAD_FRACTION} of the table, the purge vacuums it itself, throttled like autovacuum
 * and never waiting for a lock, so that the table stays the same size even where autovacuum is off or
 * lags behind.
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);
    /** A table is vacuumed after a purge when at least this share of its rows is dead, and at least {@link #VACUUM_MIN_DEAD}. */
    static final double VACUUM_DEAD_FRACTION = 0.1;
    static final long VACUUM_MIN_DEAD = 10_000;

    /** When an event was accepted (rows from before migration V9 have only their event time). */
    private static final String ACCEPTED = "coalesce(accepted_at, created_at)";

    // The start of the UTC day the retention reaches back to: partitions, events and queued work before it go.
    private static final String START = """
            SELECT date_trunc('day', (now() - make_interval(secs => $1)) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS cutoff,
                   (SELECT min(%1$s) FROM events) AS events_from""".formatted(ACCEPTED);
    private static final String QUEUED = "DELETE FROM delivery_queue WHERE created_at < $1";
    // $1 cutoff, $2 resume from (inclusive), $3 batch size. Answers how many went and where the next batch starts.
    private static final String EVENTS = """
            WITH gone AS (
                DELETE FROM events WHERE ctid = ANY (ARRAY(
                    SELECT ctid FROM events WHERE %1$s >= $2 AND %1$s < $1 ORDER BY %1$s LIMIT $3))
                RETURNING %1$s AS accepted
            )
            SELECT count(*) AS events, max(accepted) AS last FROM gone""".formatted(ACCEPTED);
    private static final String SECRETS = "DELETE FROM webhook_secrets WHERE expires_at <= now()";
    private static final String IDEMPOTENCY = "DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'";
    // The vacuum writes out the pages it cleans itself (through a small ring of buffers). Left in the
    // kernel's page cache, they are written back all at once when they turn 30 s old
    // (vm.dirty_expire_centisecs), and every commit waits behind that burst; backend_flush_after asks
    // the kernel to write them every 256 kB, as the checkpointer does its own.
    private static final String VACUUM_SETTINGS = "SET vacuum_cost_delay = %d; SET backend_flush_after = '256kB'";
    private static final String VACUUM_SETTINGS_RESET = "RESET vacuum_cost_delay; RESET backend_flush_after";
    private static final String DEAD_ROWS = """
            SELECT c.relname, s.n_dead_tup, greatest(c.reltuples, 0)::bigint AS rows
            FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
            WHERE c.oid = 'events'::regclass""";

    private final Pool pool;
    private final HistoryPartitions partitions;
    private final double retentionSeconds;
    private final int batch;
    private final Duration pause;
    private final String vacuumSettings;

    public RetentionPurge(Pool pool, HistoryPartitions partitions,
            @ConfigProperty(name = "encrata.retention", defaultValue = "30d") Duration retention,
            @ConfigProperty(name = "encrata.retention.batch-size", defaultValue = "2000") int batch,
            @ConfigProperty(name = "encrata.retention.batch-pause", defaultValue = "100ms") Duration pause,
            @ConfigProperty(name = "encrata.retention.vacuum-cost-delay", defaultValue = "2ms") Duration vacuumCostDelay) {
        this.pool = pool;
        this.partitions = partitions;
        this.retentionSeconds = retention.toMillis() / 1000.0;
        this.batch = batch;
        this.pause = pause;
        // PostgreSQL takes 0 to 100 ms (whole milliseconds are enough here).
        this.vacuumSettings = VACUUM_SETTINGS.formatted(Math.max(0, Math.min(100, vacuumCostDelay.toMillis())));
    }

    /**
     * What one purge removed: history partitions (about how many deliveries they held, and how long
     * dropping them took), then rows.
     */
    public record Purged(int partitions, long deliveries, long dropMillis, long queued, long events, long other) {
        public long rows() {
            return deliveries + queued + events + other;
        }
    }

    @Scheduled(every = "${encrata.retention.purge-interval:10m}", delayed = "${encrata.retention.purge-delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        long started = System.nanoTime();
        return purge().chain(purged -> {
            if (purged.rows() == 0 && purged.partitions() == 0) {
                return Uni.createFrom().voidItem();
            }
            long deleted = System.nanoTime();
            return vacuumIfNeeded(purged).invoke(tables -> LOG.infof(
                    "Retention purge dropped %d history partitions (about %d deliveries) in %d ms and removed %d other rows"
                            + " in %d ms%s",
                    purged.partitions(), purged.deliveries(), purged.dropMillis(), purged.rows() - purged.deliveries(),
                    (deleted - started) / 1_000_000, tables.isEmpty() ? "" : "; vacuumed " + String.join(", ", tables)
                            + " in " + (System.nanoTime() - deleted) / 1_000_000 + " ms"))
                    .replaceWithVoid();
        }).onFailure().invoke(e -> LOG.warnf("Retention purge failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Purges everything past retention; answers what went. */
    public Uni<Purged> purge() {
        return pool.preparedQuery(START).execute(Tuple.of(retentionSeconds)).chain(rows -> {
            Row start = rows.iterator().next();
            OffsetDateTime cutoff = start.getOffsetDateTime("cutoff");
            OffsetDateTime eventsFrom = start.getOffsetDateTime("events_from");
            long[] removed = new long[3]; // queued, events, other
            return partitions.dropBefore(cutoff).chain(dropped -> pool.preparedQuery(QUEUED).execute(Tuple.of(cutoff))
                    .invoke(r -> removed[0] += r.rowCount())
                    .chain(() -> walk(EVENTS, "events", cutoff, eventsFrom, row -> removed[1] += row.getLong("events")))
                    .chain(() -> pool.query(SECRETS).execute().invoke(r -> removed[2] += r.rowCount()))
                    .chain(() -> pool.query(IDEMPOTENCY).execute().invoke(r -> removed[2] += r.rowCount()))
                    .map(r -> new Purged(dropped.partitions(), dropped.rows(), dropped.millis(), removed[0], removed[1],
                            removed[2])));
        });
    }

    /**
     * Deletes with {@code statement} in batches along {@code created_at}, from {@code from} (the oldest
     * row, none if null) up to {@code cutoff}, each batch starting where the previous one stopped;
     * {@code counted} sees each batch's answer, whose {@code deletedColumn} says whether it was full.
     */
    private Uni<Void> walk(String statement, String deletedColumn, OffsetDateTime cutoff, OffsetDateTime from,
            Consumer<Row> counted) {
        if (from == null || !from.isBefore(cutoff)) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime[] next = { from };
        return batches(() -> pool.preparedQuery(statement).execute(Tuple.of(cutoff, next[0], batch)).map(rows -> {
            Row row = rows.iterator().next();
            counted.accept(row);
            next[0] = row.getOffsetDateTime("last");
            return row.getLong(deletedColumn) >= batch;
        }));
    }

    /**
     * Runs one batch after the other, with the configured pause between them, while a batch comes
     * back full. A repetition, not a recursion: thousands of batches must not nest their callbacks.
     */
    private Uni<Void> batches(Supplier<Uni<? extends Boolean>> batch) {
        UniRepeat<Boolean> repeat = Uni.createFrom().deferred(batch).repeat();
        if (!pause.isZero()) {
            repeat = repeat.withDelay(pause);
        }
        return repeat.whilst(full -> full).collect().last().replaceWithVoid();
    }

    /**
     * Vacuums events when dead rows (as counted by the statistics, or as this purge
     * removed, whichever is more) reach {@link #VACUUM_DEAD_FRACTION} of the rows the table had at its
     * last vacuum or analyze (autovacuum's own rule, with a lower share); answers the
     * tables vacuumed. Throttled like autovacuum (by default a 2 ms pause per 200 cost units,
     * {@code encrata.retention.vacuum-cost-delay}; no parallel index workers), writing its pages as it
     * goes ({@link #VACUUM_SETTINGS}), skipped for a table another vacuum holds, and without truncation,
     * which would lock the table exclusively.
     */
    public Uni<List<String>> vacuumIfNeeded(Purged purged) {
        return pool.query(DEAD_ROWS).execute().chain(rows -> {
            List<String> tables = new ArrayList<>();
            for (Row row : rows) {
                String table = row.getString("relname");
                long dead = Math.max(row.getLong("n_dead_tup"), purged.events());
                if (dead >= VACUUM_MIN_DEAD && dead >= VACUUM_DEAD_FRACTION * row.getLong("rows")) {
                    tables.add(table);
                }
            }
            if (tables.isEmpty()) {
                return Uni.createFrom().item(tables);
            }
            return pool.withConnection(c -> c.query(vacuumSettings).execute()
                    .chain(() -> c.query("VACUUM (SKIP_LOCKED, TRUNCATE false, PARALLEL 0, ANALYZE) " + String.join(", ", tables)).execute())
                    .eventually(() -> c.query(VACUUM_SETTINGS_RESET).execute()))
                    .replaceWith(tables);
        });
    }
}
