package com.encrata.webhooks.delivery.engine;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.delivery.DeliveryError;
import com.encrata.webhooks.webhook.Webhook;
import com.encrata.webhooks.webhook.service.WebhookDeliveries;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The work queue ({@code delivery_queue}: what is due or in flight), straight on the SQL client:
 * claiming due deliveries with {@code FOR UPDATE SKIP LOCKED} and a short lease (so instances never
 * attempt the same delivery at once), renewing the leases of work still held, checking claims just
 * before they are sent, and releasing claims. A claim sets the end of its lease ({@code leased_until},
 * in no index, so the row is rewritten in place on its page), and work whose holder died is due again
 * once that has passed. Work that will not be sent moves to the history ({@code deliveries}) as
 * failed. Outcomes are written by {@link OutcomeWriter}, new work by {@link FanOut}. Every time is the
 * database's.
 */
@ApplicationScoped
public class DeliveryQueue implements WebhookDeliveries {

    private static final String CLAIM = """
            WITH due AS (
                SELECT id, due_at FROM delivery_queue
                WHERE due_at <= now() AND seq IS NULL AND NOT handed AND (leased_until IS NULL OR leased_until <= now())
                ORDER BY due_at
                LIMIT $1
                FOR UPDATE SKIP LOCKED
            ), q AS (
                UPDATE delivery_queue q SET leased_until = now() + make_interval(secs => $2), lease_token = $3
                FROM due WHERE q.id = due.id
                RETURNING q.*, due.due_at AS was_due
            )
            SELECT %s
            FROM q LEFT JOIN webhooks w ON w.id = q.webhook_id LEFT JOIN events e ON e.id = q.event_id"""
            .formatted(Claimed.columns("q.was_due"));

    // The due work of webhooks scheduled on their own (fifo, rate limit), by the function of migration V14;
    // a row without a delivery says that a rate limit held work back.
    private static final String CLAIM_LANES = "SELECT claimed_id, claimed_due FROM encrata_claim_lanes($1, $2, $3)";

    // The deliveries the lanes' claim leased, read by the next statement on the same connection. The
    // claim's own statement cannot read them: the function's statements see work queued after that
    // statement began, which the statement itself does not (it would answer an empty row for such a
    // claim, and the delivery would wait out its lease).
    private static final String LANE_CLAIMS = """
            SELECT %s
            FROM unnest($1::uuid[], $2::timestamptz[]) WITH ORDINALITY AS lane(id, due, n)
            JOIN delivery_queue q ON q.id = lane.id AND q.lease_token = $3
            LEFT JOIN webhooks w ON w.id = q.webhook_id LEFT JOIN events e ON e.id = q.event_id
            ORDER BY lane.n"""
            .formatted(Claimed.columns("lane.due"));

    // Moves the queue rows picked by the condition (%s) to the history as failed because their webhook is
    // inactive, without counting an attempt; rows of a webhook that is gone are only deleted.
    private static final String FAIL_INACTIVE_WHERE = """
            WITH gone AS (
                DELETE FROM delivery_queue q WHERE %s
                RETURNING q.*
            ), kept AS (
                INSERT INTO deliveries (id, webhook_id, event_id, event_type, payload, status, attempts, response_status,
                                        response_body, last_attempt_at, error, created_at)
                SELECT id, webhook_id, event_id, event_type, payload, 'failed', attempts, response_status, response_body,
                       last_attempt_at, '%s', created_at
                FROM gone WHERE EXISTS (SELECT 1 FROM webhooks w WHERE w.id = gone.webhook_id)
            )
            SELECT count(*) FROM gone""";

    private static final String FAIL_INACTIVE = FAIL_INACTIVE_WHERE.formatted("q.id = $1 AND q.lease_token = $2",
            DeliveryError.WEBHOOK_INACTIVE);

    // Only while the webhook is still inactive, and never a delivery another instance holds.
    private static final String FAIL_PENDING = FAIL_INACTIVE_WHERE.formatted("""
            q.webhook_id = $1 AND (q.leased_until IS NULL OR q.leased_until < now())
                  AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = $1 AND NOT w.is_active)""",
            DeliveryError.WEBHOOK_INACTIVE);

    private static final String DELETE_ALL = """
            WITH queued AS (DELETE FROM delivery_queue WHERE webhook_id = $1)
            DELETE FROM deliveries WHERE webhook_id = $1""";

    // Gives claims back (due as they were, so at once; among the due work if handed over at intake) and
    // wakes every dispatcher: another instance takes them.
    private static final String RELEASE_NOW = """
            WITH released AS (
                UPDATE delivery_queue q SET lease_token = NULL, leased_until = NULL, handed = false
                FROM unnest($1::uuid[], $2::uuid[]) AS h(id, token)
                WHERE q.id = h.id AND q.lease_token = h.token
                RETURNING q.id)
            SELECT count(*) AS released,
                   CASE WHEN EXISTS (SELECT 1 FROM released) THEN (SELECT 1 FROM pg_notify($3, '')) END AS woke
            FROM released""";

    // Extends the leases this instance still holds; answers the ones it still holds. Rows locked by a
    // statement in progress (the outcome writer recording them) are skipped, not waited for: waiting
    // could deadlock with that statement, and a lease being recorded needs no renewal.
    private static final String RENEW = """
            WITH h AS (
                SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS h(id, token)
            ), free AS (
                SELECT q.id FROM delivery_queue q JOIN h ON q.id = h.id AND q.lease_token = h.token
                FOR UPDATE OF q SKIP LOCKED
            ), renewed AS (
                UPDATE delivery_queue q SET leased_until = now() + make_interval(secs => $3) FROM free WHERE q.id = free.id
            )
            SELECT q.id FROM h JOIN delivery_queue q ON q.id = h.id AND q.lease_token = h.token""";

    // Of the claims about to be sent: those still held by this instance for a webhook that is still active.
    private static final String STARTABLE = """
            SELECT q.id FROM unnest($1::uuid[], $2::uuid[]) AS h(id, token)
            JOIN delivery_queue q ON q.id = h.id AND q.lease_token = h.token
            JOIN webhooks w ON w.id = q.webhook_id AND w.is_active""";

    // How much is queued, and whether any webhook is scheduled on its own (so claims look at their lanes);
    // and, put back among the due work, deliveries handed over at intake that nobody holds any more: their
    // lease ran out (their instance died), or an instance of the version before V17, which knows nothing of
    // `handed`, gave them back or retried them. The due index leaves handed rows out (migration V17), so no
    // claim would find them. Rows being renewed or recorded are skipped, not waited for.
    private static final String STATE = """
            WITH expired AS (
                SELECT id FROM delivery_queue WHERE handed AND (leased_until IS NULL OR leased_until <= now())
                FOR UPDATE SKIP LOCKED
            ), taken_back AS (
                UPDATE delivery_queue q SET handed = false FROM expired WHERE q.id = expired.id RETURNING q.id
            )
            SELECT (SELECT count(*) FROM delivery_queue) AS pending,
                   EXISTS (SELECT 1 FROM webhooks w WHERE """ + Webhook.SCHEDULED_ON_ITS_OWN_SQL + """
            ) AS scheduled,
                   (SELECT count(*) FROM taken_back) AS taken_back""";

    // A webhook's queued work as its scheduling rules now say: in the scheduled lane, in the order it
    // was accepted, or back among all other work.
    private static final String SCHEDULE_LANE = """
            UPDATE delivery_queue q SET seq = o.seq
            FROM (SELECT id, nextval('delivery_queue_seq_order') AS seq
                  FROM (SELECT id FROM delivery_queue WHERE webhook_id = $1 AND seq IS NULL ORDER BY created_at, id) s) o
            WHERE q.id = o.id
              AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = $1 AND """ + Webhook.SCHEDULED_ON_ITS_OWN_SQL + ")";
    private static final String UNSCHEDULE_LANE = """
            UPDATE delivery_queue SET seq = NULL WHERE webhook_id = $1 AND seq IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM webhooks w WHERE w.id = $1 AND """ + Webhook.SCHEDULED_ON_ITS_OWN_SQL + ")";

    private final Pool pool;

    public DeliveryQueue(@EnginePool.Engine Pool pool) {
        this.pool = pool;
    }

    /** Leases up to {@code limit} due deliveries to this instance. */
    public Uni<List<Claimed>> claim(int limit, Duration lease) {
        UUID token = UUID.randomUUID();
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, lease.toMillis() / 1000.0, token))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>(rows.size());
                    rows.forEach(r -> claimed.add(Claimed.of(r, token)));
                    return claimed;
                });
    }

    /** What a claim of the scheduled lanes got, and whether a rate limit held due work back. */
    public record Scheduled(List<Claimed> claimed, boolean paced) {
    }

    /** Leases up to {@code limit} due deliveries of webhooks scheduled on their own (fifo, rate limit). */
    public Uni<Scheduled> claimScheduled(int limit, Duration lease) {
        UUID token = UUID.randomUUID();
        return pool.withConnection(connection -> connection.preparedQuery(CLAIM_LANES)
                .execute(Tuple.of(limit, lease.toMillis() / 1000.0, token))
                .chain(lanes -> laneClaims(connection, lanes, token)));
    }

    /** The deliveries a lanes' claim leased under {@code token}; a row without one: a rate limit held work back. */
    private static Uni<Scheduled> laneClaims(SqlConnection connection, RowSet<Row> lanes, UUID token) {
        List<UUID> ids = new ArrayList<>(lanes.size());
        List<OffsetDateTime> dues = new ArrayList<>(lanes.size());
        boolean paced = false;
        for (Row r : lanes) {
            UUID id = r.getUUID("claimed_id");
            paced |= id == null;
            if (id != null) {
                ids.add(id);
                dues.add(r.getOffsetDateTime("claimed_due"));
            }
        }
        boolean heldBack = paced;
        if (ids.isEmpty()) {
            return Uni.createFrom().item(new Scheduled(List.of(), heldBack));
        }
        return connection.preparedQuery(LANE_CLAIMS)
                .execute(Tuple.of(ids.toArray(UUID[]::new), dues.toArray(OffsetDateTime[]::new), token))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>(rows.size());
                    rows.forEach(r -> claimed.add(Claimed.of(r, token)));
                    return new Scheduled(claimed, heldBack);
                });
    }

    /** Extends the leases of {@code held}; answers the ids whose lease this instance still holds. */
    public Uni<Set<UUID>> renew(Collection<Claimed> held, Duration lease) {
        return pool.preparedQuery(RENEW).execute(Tuple.of(ids(held), tokens(held), lease.toMillis() / 1000.0))
                .map(DeliveryQueue::idSet);
    }

    /** Of {@code claims}, the ids still held by this instance whose webhook is still active. */
    public Uni<Set<UUID>> startable(Collection<Claimed> claims) {
        return pool.preparedQuery(STARTABLE).execute(Tuple.of(ids(claims), tokens(claims))).map(DeliveryQueue::idSet);
    }

    private static UUID[] ids(Collection<Claimed> claims) {
        return claims.stream().map(Claimed::id).toArray(UUID[]::new);
    }

    private static UUID[] tokens(Collection<Claimed> claims) {
        return claims.stream().map(Claimed::leaseToken).toArray(UUID[]::new);
    }

    private static Set<UUID> idSet(RowSet<Row> rows) {
        Set<UUID> ids = new HashSet<>();
        rows.forEach(row -> ids.add(row.getUUID(0)));
        return ids;
    }

    /** Gives unstarted claims back and wakes the dispatchers of every instance. */
    public Uni<Void> releaseNow(Collection<Claimed> claims) {
        return pool.preparedQuery(RELEASE_NOW).execute(Tuple.of(ids(claims), tokens(claims), DeliveryNotifications.CHANNEL))
                .replaceWithVoid();
    }

    /** Fails a claimed delivery of a webhook that is no longer active (or drops it if the webhook is gone). */
    public Uni<Void> failInactive(Claimed claimed) {
        return pool.preparedQuery(FAIL_INACTIVE).execute(Tuple.of(claimed.id(), claimed.leaseToken())).replaceWithVoid();
    }

    @Override
    public Uni<Integer> failPendingOf(UUID webhookId) {
        return pool.preparedQuery(FAIL_PENDING).execute(Tuple.of(webhookId))
                .map(rows -> (int) rows.iterator().next().getLong(0).longValue());
    }

    @Override
    public Uni<Void> deleteAllOf(UUID webhookId) {
        return pool.preparedQuery(DELETE_ALL).execute(Tuple.of(webhookId)).replaceWithVoid();
    }

    /**
     * How many deliveries are queued, whether any webhook is scheduled on its own, and how many
     * deliveries handed over to an instance that died were just put back among the due work.
     */
    public record State(long pending, boolean scheduled, long takenBack) {
    }

    public Uni<State> state() {
        return pool.query(STATE).execute().map(rows -> {
            Row row = rows.iterator().next();
            return new State(row.getLong("pending"), row.getBoolean("scheduled"), row.getLong("taken_back"));
        });
    }

    @Override
    public Uni<Void> scheduleChanged(UUID webhookId) {
        return pool.preparedQuery(SCHEDULE_LANE).execute(Tuple.of(webhookId))
                .chain(() -> pool.preparedQuery(UNSCHEDULE_LANE).execute(Tuple.of(webhookId))).replaceWithVoid();
    }
}
