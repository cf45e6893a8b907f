package com.encrata.webhooks.delivery.engine;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Keeps the work queue small. Every delivery inserts a queue row, updates it at least once and
 * deletes it: at 1,000 deliveries a second that is thousands of dead rows a second, and until they are
 * vacuumed every claim walks over their index entries and the table and its indexes grow. Autovacuum
 * looks at a table once a minute at best, and is off on some servers; so the engine vacuums the queue
 * itself whenever its dead rows reach {@link #MIN_DEAD} and a fifth of its live ones (checked every
 * few seconds, {@code encrata.delivery.queue-vacuum}). A vacuum of a small table takes milliseconds,
 * never waits for a lock (SKIP_LOCKED) and never truncates the table (which would lock it).
 */
@ApplicationScoped
public class QueueVacuum {

    private static final Logger LOG = Logger.getLogger(QueueVacuum.class);
    static final long MIN_DEAD = 2_000;

    private static final String DEAD = """
            SELECT n_dead_tup AS dead, n_live_tup AS live FROM pg_stat_user_tables WHERE relid = 'delivery_queue'::regclass""";
    private static final String VACUUM = "VACUUM (SKIP_LOCKED, TRUNCATE false, PARALLEL 0, ANALYZE) delivery_queue";

    private final Pool pool;

    public QueueVacuum(Pool pool) {
        this.pool = pool;
    }

    @Scheduled(every = "${encrata.delivery.queue-vacuum:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return vacuumIfNeeded().onFailure().invoke(e -> LOG.debugf("Could not vacuum the delivery queue: %s",
                e.getClass().getSimpleName())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Vacuums the queue when its dead rows call for it; answers whether it did. */
    public Uni<Boolean> vacuumIfNeeded() {
        return pool.query(DEAD).execute().chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(false);
            }
            Row row = rows.iterator().next();
            long dead = row.getLong("dead");
            if (dead < MIN_DEAD || dead < row.getLong("live") / 5) {
                return Uni.createFrom().item(false);
            }
            return pool.query(VACUUM).execute().replaceWith(true);
        });
    }
}
