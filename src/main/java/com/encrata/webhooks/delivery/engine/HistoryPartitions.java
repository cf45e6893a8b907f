package com.encrata.webhooks.delivery.engine;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The delivery history's partitions, one per UTC day of {@code created_at}: made {@link #DAYS_AHEAD}
 * days ahead by the service itself (at start and every hour, by the database function of migration
 * V9), and dropped whole once the retention has passed their last day. Dropping a partition takes a
 * short exclusive lock on the history; it waits for it at most {@link #LOCK_TIMEOUT} (the next purge
 * tries again), so writers are never held up for longer.
 */
@ApplicationScoped
public class HistoryPartitions {

    private static final Logger LOG = Logger.getLogger(HistoryPartitions.class);
    static final int DAYS_AHEAD = 3;
    static final String LOCK_TIMEOUT = "200ms";

    private static final String MAKE_AHEAD = """
            SELECT encrata_deliveries_partition(now() + make_interval(days => d)) FROM generate_series(0, $1) AS d""";

    // The partitions of deliveries whose range ends at or before $1, oldest first, with their size estimate.
    private static final String PAST = """
            SELECT c.relname, greatest(c.reltuples, 0)::bigint AS rows
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'deliveries'::regclass
              AND (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz <= $1
            ORDER BY c.relname""";

    private static final String LOCK_SETTINGS = "SET lock_timeout = '" + LOCK_TIMEOUT + "'";
    private static final String LOCK_SETTINGS_RESET = "RESET lock_timeout";

    private final Pool pool;

    public HistoryPartitions(Pool pool) {
        this.pool = pool;
    }

    /** The partitions dropped by one {@link #dropBefore}: how many, about how many rows they held, how long it took. */
    public record Dropped(int partitions, long rows, long millis) {
    }

    @Scheduled(every = "${encrata.retention.partition-check:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return makeAhead().onFailure().invoke(e -> LOG.warnf("Could not make the delivery history's next partitions: %s",
                e.getClass().getSimpleName())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Makes the partitions of today and the next days, where missing. */
    public Uni<Void> makeAhead() {
        return pool.preparedQuery(MAKE_AHEAD).execute(Tuple.of(DAYS_AHEAD)).replaceWithVoid();
    }

    /** Drops every partition whose days all lie before {@code cutoff}. */
    public Uni<Dropped> dropBefore(OffsetDateTime cutoff) {
        return pool.preparedQuery(PAST).execute(Tuple.of(cutoff)).chain(rows -> {
            List<String> names = new ArrayList<>();
            long estimate = 0;
            for (Row row : rows) {
                names.add(row.getString("relname"));
                estimate += row.getLong("rows");
            }
            if (names.isEmpty()) {
                return Uni.createFrom().item(new Dropped(0, 0, 0));
            }
            long rowsDropped = estimate;
            // Names come from the catalogue and are the function's own (deliveries_pYYYYMMDD), quoted all the same.
            String drop = "DROP TABLE " + String.join(", ", names.stream().map(n -> "\"" + n.replace("\"", "\"\"") + "\"").toList());
            long started = System.nanoTime();
            return pool.withConnection(c -> c.query(LOCK_SETTINGS).execute()
                    .chain(() -> c.query(drop).execute())
                    .eventually(() -> c.query(LOCK_SETTINGS_RESET).execute()))
                    .map(done -> new Dropped(names.size(), rowsDropped, (System.nanoTime() - started) / 1_000_000));
        });
    }
}
