package com.encrata.webhooks.delivery.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.delivery.Delivery;
import com.encrata.webhooks.delivery.DeliveryError;
import com.encrata.webhooks.webhook.service.PendingDeliveries;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The engine's hot queries, straight on the SQL client: claiming due deliveries with
 * {@code FOR UPDATE SKIP LOCKED} and a short lease (so instances never attempt the same delivery at
 * once), renewing the leases of work still held, checking claims just before they are sent, and
 * releasing or failing claims. Outcomes are written by {@link OutcomeWriter}. Every time is the database's.
 */
@ApplicationScoped
public class DeliveryQueue implements PendingDeliveries {

    /** What failing a delivery of an inactive webhook writes (no attempt is counted). */
    private static final String FAILED_INACTIVE = "status = 'failed', error = '" + DeliveryError.WEBHOOK_INACTIVE
            + "', next_attempt_at = NULL, manual = false, " + Delivery.NO_LEASE;

    private static final String CLAIM = """
            WITH due AS (
                SELECT id FROM deliveries
                WHERE status = 'pending' AND next_attempt_at <= now()
                  AND (lease_until IS NULL OR lease_until < now())
                ORDER BY next_attempt_at
                LIMIT $1
                FOR UPDATE SKIP LOCKED
            )
            UPDATE deliveries d SET lease_until = now() + make_interval(secs => $2), lease_token = $3
            FROM due, webhooks w
            WHERE d.id = due.id AND w.id = d.webhook_id
            RETURNING d.id, d.webhook_id, d.event_type, d.attempts, d.manual, d.request_id, w.url, w.secret_ciphertext,
                      w.is_active, extract(epoch FROM now() - d.next_attempt_at)::float8 AS lag, %s AS payload"""
            .formatted(Delivery.ENVELOPE);

    private static final String RETIRED = """
            SELECT webhook_id, secret_ciphertext FROM webhook_secrets
            WHERE webhook_id = ANY($1) AND expires_at > now() ORDER BY retired_at DESC""";

    // Gives claims back (still due as they were) and wakes every dispatcher: another instance takes them at once.
    private static final String RELEASE_NOW = """
            WITH released AS (
                UPDATE deliveries d SET %s
                FROM unnest($1::uuid[], $2::uuid[]) AS h(id, token)
                WHERE d.id = h.id AND d.lease_token = h.token
                RETURNING d.id)
            SELECT count(*) AS released,
                   CASE WHEN EXISTS (SELECT 1 FROM released) THEN (SELECT 1 FROM pg_notify($3, '')) END AS woke
            FROM released"""
            .formatted(Delivery.NO_LEASE);

    private static final String FAIL_INACTIVE = "UPDATE deliveries SET " + FAILED_INACTIVE
            + " WHERE id = $1 AND lease_token = $2";

    // Only while the webhook is still inactive, and never a delivery another instance holds.
    private static final String FAIL_PENDING = "UPDATE deliveries d SET " + FAILED_INACTIVE + """
             FROM webhooks w
            WHERE d.webhook_id = $1 AND w.id = d.webhook_id AND NOT w.is_active
              AND d.status = 'pending' AND (d.lease_until IS NULL OR d.lease_until < now())""";

    // Extends the leases this instance still holds; answers the ones it still holds. Rows locked by a
    // statement in progress (the outcome writer recording them) are skipped, not waited for: waiting
    // could deadlock with that statement, and a lease being recorded needs no renewal.
    private static final String RENEW = """
            WITH h AS (
                SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS h(id, token)
            ), free AS (
                SELECT d.id FROM deliveries d JOIN h ON d.id = h.id AND d.lease_token = h.token
                FOR UPDATE OF d SKIP LOCKED
            ), renewed AS (
                UPDATE deliveries d SET lease_until = now() + make_interval(secs => $3) FROM free WHERE d.id = free.id
            )
            SELECT d.id FROM h JOIN deliveries d ON d.id = h.id AND d.lease_token = h.token""";

    // Of the claims about to be sent: those still held by this instance for a webhook that is still active.
    private static final String STARTABLE = """
            SELECT d.id FROM unnest($1::uuid[], $2::uuid[]) AS h(id, token)
            JOIN deliveries d ON d.id = h.id AND d.lease_token = h.token
            JOIN webhooks w ON w.id = d.webhook_id AND w.is_active""";

    private static final String COUNT_PENDING = "SELECT count(*) FROM deliveries WHERE status = 'pending'";

    private final Pool pool;

    public DeliveryQueue(Pool pool) {
        this.pool = pool;
    }

    /** Leases up to {@code limit} due deliveries to this instance. */
    public Uni<List<Claimed>> claim(int limit, Duration lease) {
        UUID token = UUID.randomUUID();
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, lease.toMillis() / 1000.0, token))
                .chain(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row r : rows) {
                        claimed.add(new Claimed(r.getUUID("id"), r.getUUID("webhook_id"), r.getString("event_type"),
                                r.getString("payload"), r.getInteger("attempts"), r.getBoolean("manual"),
                                r.getString("url"), r.getString("secret_ciphertext"), r.getBoolean("is_active"),
                                r.getDouble("lag"), token, r.getString("request_id"), List.of()));
                    }
                    return claimed.isEmpty() ? Uni.createFrom().item(claimed) : withRetiredSecrets(claimed);
                });
    }

    private Uni<List<Claimed>> withRetiredSecrets(List<Claimed> claimed) {
        UUID[] webhooks = claimed.stream().map(Claimed::webhookId).distinct().toArray(UUID[]::new);
        return pool.preparedQuery(RETIRED).execute(Tuple.of(webhooks)).map(rows -> {
            Map<UUID, List<String>> retired = new HashMap<>();
            for (Row r : rows) {
                retired.computeIfAbsent(r.getUUID("webhook_id"), k -> new ArrayList<>()).add(r.getString("secret_ciphertext"));
            }
            return claimed.stream().map(c -> c.withRetired(retired.getOrDefault(c.webhookId(), List.of()))).toList();
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

    /** Fails a claimed delivery of a webhook that is no longer active, without counting an attempt. */
    public Uni<Void> failInactive(Claimed claimed) {
        return pool.preparedQuery(FAIL_INACTIVE).execute(Tuple.of(claimed.id(), claimed.leaseToken())).replaceWithVoid();
    }

    @Override
    public Uni<Integer> failPendingOf(UUID webhookId) {
        return pool.preparedQuery(FAIL_PENDING).execute(Tuple.of(webhookId)).map(rows -> rows.rowCount());
    }

    public Uni<Long> countPending() {
        return pool.query(COUNT_PENDING).execute().map(rows -> rows.iterator().next().getLong(0));
    }
}
