package com.encrata.webhooks.delivery.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.encrata.webhooks.delivery.Delivery;
import com.encrata.webhooks.platform.error.DatabaseErrors;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes attempt outcomes in batches (whatever finished while the previous batch was being written),
 * each under its lease token. While the database is unreachable the outcomes wait here, oldest first
 * and at most {@link #MAX_UNWRITTEN}, and are written as soon as it answers again: an answered
 * delivery is not sent again because its outcome could not be stored (only a process that dies with
 * unwritten outcomes causes such a repeat).
 */
@ApplicationScoped
public class OutcomeWriter {

    private static final Logger LOG = Logger.getLogger(OutcomeWriter.class);
    static final int MAX_BATCH = 500;
    static final int MAX_UNWRITTEN = 20_000;
    private static final long MAX_RETRY_MILLIS = 2_000;

    /** Upper bounds (ms) of the latency buckets rolled up per webhook and hour; a last bucket holds the rest. */
    public static final double[] LATENCY_BOUNDS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};

    // Each outcome under its lease token: a final one (success, or failed) moves the delivery from the
    // queue to the history (unless its webhook is gone); a failure with a retry puts it back in the queue,
    // due then, with this attempt's answer. For scheduled attempts (not test sends), the webhook's hourly
    // roll-up (attempts, outcomes, latency of answered attempts) in the same statement.
    private static final String RECORD = """
            WITH v AS (
                SELECT v.*, date_trunc('milliseconds', now() - make_interval(secs => v.ago)) AS started
                FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::int[], $5::text[], $6::text[],
                            $7::float8[], $8::uuid[])
                    AS v(id, status, ago, response_status, response_body, error, retry, token)
            ), finished AS (
                DELETE FROM delivery_queue q USING v
                WHERE q.id = v.id AND q.lease_token = v.token AND v.status <> 'pending'
                RETURNING q.*
            ), kept AS (
                INSERT INTO deliveries (id, webhook_id, event_id, event_type, payload, status, attempts, response_status,
                                        response_body, last_attempt_at, error, created_at)
                SELECT f.id, f.webhook_id, f.event_id, f.event_type, f.payload, v.status, f.attempts + 1,
                       v.response_status, v.response_body, v.started, v.error, f.created_at
                FROM finished f JOIN v ON v.id = f.id
                WHERE EXISTS (SELECT 1 FROM webhooks w WHERE w.id = f.webhook_id)
            ), retried AS (
                UPDATE delivery_queue q SET attempts = q.attempts + 1, last_attempt_at = v.started,
                    response_status = v.response_status, response_body = v.response_body, error = v.error,
                    due_at = date_trunc('milliseconds', now() + make_interval(secs => v.retry)),
                    manual = false, lease_token = NULL
                FROM v WHERE q.id = v.id AND q.lease_token = v.token AND v.status = 'pending'
                RETURNING q.id, q.webhook_id, q.event_type
            ), done AS (
                SELECT d.id, d.webhook_id, d.event_type, v.status AS outcome, v.response_status AS answered,
                       width_bucket(v.ago * 1000, $9::float8[]) AS bucket
                FROM (SELECT id, webhook_id, event_type FROM finished UNION ALL SELECT * FROM retried) d
                JOIN v ON v.id = d.id
            ), scheduled AS (
                SELECT * FROM done
                WHERE event_type <> 'test' AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = done.webhook_id)
            ), per_webhook AS (
                SELECT webhook_id, count(*)::int AS attempts,
                       count(*) FILTER (WHERE outcome = 'success')::int AS succeeded,
                       count(*) FILTER (WHERE outcome <> 'success')::int AS failed,
                       max(date_trunc('milliseconds', now())) FILTER (WHERE outcome = 'success') AS last_success,
                       max(date_trunc('milliseconds', now())) FILTER (WHERE outcome <> 'success') AS last_failure,
                       ARRAY[%s] AS latency
                FROM scheduled GROUP BY webhook_id
            ), rolled AS (
                INSERT INTO webhook_stats (webhook_id, hour, attempts, succeeded, failed, latency_buckets,
                                           last_success_at, last_failure_at)
                SELECT webhook_id, date_trunc('hour', now()), attempts, succeeded, failed, latency, last_success,
                       last_failure
                FROM per_webhook ORDER BY webhook_id
                ON CONFLICT (webhook_id, hour) DO UPDATE SET
                    attempts = webhook_stats.attempts + excluded.attempts,
                    succeeded = webhook_stats.succeeded + excluded.succeeded,
                    failed = webhook_stats.failed + excluded.failed,
                    latency_buckets = ARRAY(SELECT a + b FROM unnest(webhook_stats.latency_buckets,
                                                                     excluded.latency_buckets) AS t(a, b)),
                    last_success_at = greatest(webhook_stats.last_success_at, excluded.last_success_at),
                    last_failure_at = greatest(webhook_stats.last_failure_at, excluded.last_failure_at)
            )
            SELECT id FROM done""".formatted(IntStream.rangeClosed(0, LATENCY_BOUNDS_MS.length)
            .mapToObj(i -> "count(*) FILTER (WHERE answered IS NOT NULL AND bucket = " + i + ")::int")
            .collect(Collectors.joining(", ")));

    private static final Double[] BOUNDS = Arrays.stream(LATENCY_BOUNDS_MS).boxed().toArray(Double[]::new);

    private record Outcome(Claimed claimed, String status, double secondsAgo, Answer answer, Double retryIn,
            UniEmitter<? super Boolean> emitter) {
    }

    private final Pool pool;
    private final Vertx vertx;
    private final DeliveryMetrics metrics;
    private final Backoff retry = new Backoff(MAX_RETRY_MILLIS);
    private final Deque<Outcome> unwritten = new ArrayDeque<>();
    private boolean writing;
    private boolean failing;
    private boolean catchingUp;

    public OutcomeWriter(Pool pool, Vertx vertx, DeliveryMetrics metrics) {
        this.pool = pool;
        this.vertx = vertx;
        this.metrics = metrics;
    }

    /**
     * Records an attempt that started {@code secondsAgo} ago. {@code retryInSeconds} null means the
     * delivery is final. False when the lease was lost (another instance holds the delivery now).
     */
    public Uni<Boolean> record(Claimed claimed, double secondsAgo, Answer answer, Double retryInSeconds) {
        String status = answer.success() ? Delivery.SUCCESS : retryInSeconds != null ? Delivery.PENDING : Delivery.FAILED;
        return Uni.createFrom().emitter(emitter -> {
            Outcome dropped = null;
            synchronized (this) {
                unwritten.add(new Outcome(claimed, status, secondsAgo, answer, retryInSeconds, emitter));
                if (unwritten.size() > MAX_UNWRITTEN) {
                    dropped = unwritten.poll();
                }
            }
            if (dropped != null) {
                metrics.databaseFailure("outcome_dropped");
                dropped.emitter().fail(new IllegalStateException("Too many unwritten delivery outcomes"));
            }
            write();
        });
    }

    /** How many outcomes wait to be written. */
    public synchronized int unwritten() {
        return unwritten.size();
    }

    /**
     * True from a write that met an unreachable database until every outcome kept meanwhile is
     * written: claiming or leasing new work then could take back deliveries this instance has answered
     * but not yet recorded (their leases may have run out meanwhile). Outcomes merely queued behind the
     * batch being written, as under any load, do not count.
     */
    public synchronized boolean behind() {
        return catchingUp;
    }

    private void write() {
        List<Outcome> batch = new ArrayList<>();
        synchronized (this) {
            if (writing) {
                return;
            }
            for (Outcome o; batch.size() < MAX_BATCH && (o = unwritten.poll()) != null; ) {
                batch.add(o);
            }
            if (batch.isEmpty()) {
                catchingUp = false;
                return;
            }
            writing = true;
        }
        pool.preparedQuery(RECORD).execute(values(batch)).subscribe().with(rows -> {
            Set<UUID> written = new HashSet<>();
            rows.forEach(row -> written.add(row.getUUID(0)));
            recovered(batch.size());
            batch.forEach(o -> o.emitter().complete(written.contains(o.claimed().id())));
            write();
        }, failure -> {
            if (DatabaseErrors.isUnavailable(failure) || DatabaseErrors.isTransient(failure)) {
                keepForLater(batch, failure);
            } else {
                synchronized (this) {
                    writing = false;
                }
                batch.forEach(o -> o.emitter().fail(failure));
                write();
            }
        });
    }

    /** The database is away: put the batch back in front, in order, and try again shortly. */
    private void keepForLater(List<Outcome> batch, Throwable failure) {
        long delay;
        boolean first;
        synchronized (this) {
            for (int i = batch.size() - 1; i >= 0; i--) {
                unwritten.addFirst(batch.get(i));
            }
            writing = false;
            first = !failing;
            failing = true;
            catchingUp = true;
            delay = retry.failed();
        }
        if (first) {
            metrics.databaseFailure("record_outcomes");
            LOG.warnf("Cannot write delivery outcomes (%s); keeping them in memory and retrying",
                    failure.getClass().getSimpleName());
        }
        vertx.setTimer(delay, id -> write());
    }

    private void recovered(int written) {
        boolean wasFailing;
        synchronized (this) {
            writing = false;
            wasFailing = failing;
            failing = false;
            retry.succeeded();
        }
        if (wasFailing) {
            LOG.infof("Delivery outcomes are written again (%d in the first batch)", written);
        }
    }

    private static Tuple values(List<Outcome> batch) {
        int n = batch.size();
        UUID[] ids = new UUID[n];
        String[] statuses = new String[n];
        Double[] ago = new Double[n];
        Integer[] codes = new Integer[n];
        String[] bodies = new String[n];
        String[] errors = new String[n];
        Double[] retryIn = new Double[n];
        UUID[] tokens = new UUID[n];
        for (int i = 0; i < n; i++) {
            Outcome o = batch.get(i);
            ids[i] = o.claimed().id();
            statuses[i] = o.status();
            ago[i] = o.secondsAgo();
            codes[i] = o.answer().status();
            bodies[i] = o.answer().body();
            errors[i] = o.answer().error();
            retryIn[i] = o.retryIn() == null ? 0.0 : o.retryIn();
            tokens[i] = o.claimed().leaseToken();
        }
        return Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(statuses).addArrayOfDouble(ago)
                .addArrayOfInteger(codes).addArrayOfString(bodies).addArrayOfString(errors).addArrayOfDouble(retryIn)
                .addArrayOfUUID(tokens).addArrayOfDouble(BOUNDS);
    }
}
