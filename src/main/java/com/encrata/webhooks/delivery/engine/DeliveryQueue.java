package com.encrata.webhooks.delivery.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.delivery.Delivery;
import com.encrata.webhooks.delivery.DeliveryError;
import com.encrata.webhooks.webhook.service.PendingDeliveries;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The engine's hot queries, straight on the SQL client: claiming due deliveries with
 * {@code FOR UPDATE SKIP LOCKED} and a lease (so instances never attempt the same delivery at once),
 * recording outcomes guarded by the lease token, and releasing claims. Every time is the database's.
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
            RETURNING d.id, d.webhook_id, d.event_type, d.payload, d.attempts, d.manual, d.request_id, w.url, w.secret_ciphertext,
                      w.is_active, extract(epoch FROM now() - d.next_attempt_at)::float8 AS lag""";

    private static final String RETIRED = """
            SELECT webhook_id, secret_ciphertext FROM webhook_secrets
            WHERE webhook_id = ANY($1) AND expires_at > now() ORDER BY retired_at DESC""";

    // Outcomes are written in batches: whatever finished while the previous batch was being written.
    private static final String RECORD = """
            UPDATE deliveries d SET status = v.status, attempts = d.attempts + 1,
                last_attempt_at = date_trunc('milliseconds', now() - make_interval(secs => v.ago)),
                response_status = v.response_status, response_body = v.response_body, error = v.error,
                next_attempt_at = CASE WHEN v.status = 'pending'
                                       THEN date_trunc('milliseconds', now() + make_interval(secs => v.retry)) END,
                manual = false, %s
            FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::int[], $5::text[], $6::text[], $7::float8[], $8::uuid[])
                 AS v(id, status, ago, response_status, response_body, error, retry, token)
            WHERE d.id = v.id AND d.lease_token = v.token
            RETURNING d.id""".formatted(Delivery.NO_LEASE);
    private static final int MAX_RECORD_BATCH = 500;

    private static final String RELEASE = """
            UPDATE deliveries SET next_attempt_at = date_trunc('milliseconds', now() + make_interval(secs => $3)), %s
            WHERE id = $1 AND lease_token = $2""".formatted(Delivery.NO_LEASE);

    private static final String FAIL_INACTIVE = "UPDATE deliveries SET " + FAILED_INACTIVE
            + " WHERE id = $1 AND lease_token = $2";

    // Only while the webhook is still inactive, and never a delivery another instance holds.
    private static final String FAIL_PENDING = "UPDATE deliveries d SET " + FAILED_INACTIVE + """
             FROM webhooks w
            WHERE d.webhook_id = $1 AND w.id = d.webhook_id AND NOT w.is_active
              AND d.status = 'pending' AND (d.lease_until IS NULL OR d.lease_until < now())""";

    private static final String COUNT_PENDING = "SELECT count(*) FROM deliveries WHERE status = 'pending'";

    private final Pool pool;
    private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

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

    /**
     * Records an attempt that started {@code secondsAgo} ago. {@code retryInSeconds} null means the
     * delivery is final. False when the lease was lost (another instance holds the delivery now).
     */
    public Uni<Boolean> record(Claimed claimed, double secondsAgo, Answer answer, Double retryInSeconds) {
        String status = answer.success() ? Delivery.SUCCESS : retryInSeconds != null ? Delivery.PENDING : Delivery.FAILED;
        return Uni.createFrom().emitter(emitter -> {
            outcomes.add(new Outcome(claimed, status, secondsAgo, answer, retryInSeconds, emitter));
            writeOutcomes();
        });
    }

    private record Outcome(Claimed claimed, String status, double secondsAgo, Answer answer, Double retryIn,
            UniEmitter<? super Boolean> emitter) {
    }

    private void writeOutcomes() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        List<Outcome> batch = new ArrayList<>();
        for (Outcome o; batch.size() < MAX_RECORD_BATCH && (o = outcomes.poll()) != null; ) {
            batch.add(o);
        }
        if (batch.isEmpty()) {
            writing.set(false);
            return;
        }
        int n = batch.size();
        UUID[] ids = new UUID[n];
        String[] statuses = new String[n];
        Double[] ago = new Double[n];
        Integer[] codes = new Integer[n];
        String[] bodies = new String[n];
        String[] errors = new String[n];
        Double[] retry = new Double[n];
        UUID[] tokens = new UUID[n];
        for (int i = 0; i < n; i++) {
            Outcome o = batch.get(i);
            ids[i] = o.claimed().id();
            statuses[i] = o.status();
            ago[i] = o.secondsAgo();
            codes[i] = o.answer().status();
            bodies[i] = o.answer().body();
            errors[i] = o.answer().error();
            retry[i] = o.retryIn() == null ? 0.0 : o.retryIn();
            tokens[i] = o.claimed().leaseToken();
        }
        Tuple values = Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(statuses).addArrayOfDouble(ago)
                .addArrayOfInteger(codes).addArrayOfString(bodies).addArrayOfString(errors).addArrayOfDouble(retry)
                .addArrayOfUUID(tokens);
        pool.preparedQuery(RECORD).execute(values).subscribe().with(rows -> {
            Set<UUID> written = new HashSet<>();
            rows.forEach(row -> written.add(row.getUUID(0)));
            writing.set(false);
            batch.forEach(o -> o.emitter().complete(written.contains(o.claimed().id())));
            writeOutcomes();
        }, failure -> {
            writing.set(false);
            batch.forEach(o -> o.emitter().fail(failure));
            writeOutcomes();
        });
    }

    /** Gives a claimed, unattempted delivery back, due again after {@code delaySeconds}. */
    public Uni<Void> release(Claimed claimed, double delaySeconds) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(claimed.id(), claimed.leaseToken(), delaySeconds))
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
