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
import com.encrata.webhooks.delivery.DeliveryConfig;
import com.encrata.webhooks.delivery.OpsConfig;
import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.platform.error.DatabaseErrors;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes attempt outcomes in batches (whatever finished while the previous batch was being written),
 * each under its lease token. While the database is unreachable the outcomes wait here, oldest first
 * and at most {@link #MAX_UNWRITTEN}, and are written as soon as it answers again: an answered
 * delivery is not sent again because its outcome could not be stored (only a process that dies with
 * unwritten outcomes causes such a repeat). The same statement keeps each webhook's failing streak and
 * last success, and records the operational events they cause (SPEC §11); once it has committed, those
 * are fanned out ({@link OperationalEvents}) and a webhook it deactivated has its waiting work failed
 * ({@link WebhookHealth}).
 */
@ApplicationScoped
public class OutcomeWriter {

    private static final Logger LOG = Logger.getLogger(OutcomeWriter.class);
    static final int MAX_BATCH = 500;
    /**
     * After a batch of at least this many outcomes (the engine is busy), the next one gathers for
     * {@link #GATHER_MILLIS} first: fewer, larger batches, each rewriting a webhook's hourly roll-up once
     * and spreading the statement's own cost over more outcomes. Nothing waits on it but the outcomes
     * themselves (the attempts' slots are free once answered); fifo and quiet traffic never reach it.
     */
    static final int GATHER_FROM = 32;
    static final long GATHER_MILLIS = 10;
    static final int MAX_UNWRITTEN = 20_000;
    private static final long MAX_RETRY_MILLIS = 2_000;

    /** Upper bounds (ms) of the latency buckets rolled up per webhook and hour; a last bucket holds the rest. */
    public static final double[] LATENCY_BOUNDS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};

    // Each outcome under its lease token: a final one (success, or failed) moves the delivery from the
    // queue to the history (unless its webhook is gone); a failure with a retry puts it back in the queue,
    // due then, with this attempt's answer. For scheduled attempts (not test sends), in the same statement:
    // the webhook's hourly roll-up (attempts, outcomes, latency of answered attempts), and its failing
    // streak (SPEC §11): the streak's length, start and whether it was reported, the deactivation on a 410
    // or after failing without success for $10 seconds, and the operational events these changes and the
    // deliveries that failed for good cause, recorded for fan-out (operational_events), and the webhook's
    // last success (to within a minute). Only webhooks with a failure in the batch, a streak going or a
    // last success to move are locked, in id order. A streak is followed across batches at its ends: the
    // failures before the batch's first success finish the stored streak (which may reach the threshold
    // $11 there: webhook.failing, then webhook.recovered), those after its last success start the next one.
    private static final String RECORD = """
            WITH v AS (
                SELECT v.*, date_trunc('milliseconds', now() - make_interval(secs => v.ago)) AS started
                FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::int[], $5::text[], $6::text[],
                            $7::float8[], $8::uuid[])
                    AS v(id, status, ago, response_status, response_body, error, retry, token)
            ), finished AS (
                -- The attempt's outcome comes back with the row (here and in retried), so that what reads an
                -- attempt's outcome joins nothing to v: v is a function scan the planner takes for ten rows, and
                -- would join it to every finished row in a nested loop.
                DELETE FROM delivery_queue q USING v
                WHERE q.id = v.id AND q.lease_token = v.token AND v.status <> 'pending'
                RETURNING q.*, v.status AS outcome, v.response_status AS answered, v.response_body AS answer,
                          v.started, v.error AS failure, v.ago
            ), kept AS (
                INSERT INTO deliveries (id, webhook_id, event_id, event_type, payload, status, attempts, response_status,
                                        response_body, last_attempt_at, error, created_at)
                SELECT f.id, f.webhook_id, f.event_id, f.event_type, f.payload, f.outcome, f.attempts + 1,
                       f.answered, f.answer, f.started, f.failure, f.created_at
                FROM finished f
                WHERE EXISTS (SELECT 1 FROM webhooks w WHERE w.id = f.webhook_id)
            ), retried AS (
                UPDATE delivery_queue q SET attempts = q.attempts + 1, last_attempt_at = v.started,
                    response_status = v.response_status, response_body = v.response_body, error = v.error,
                    due_at = date_trunc('milliseconds', now() + make_interval(secs => v.retry)),
                    manual = false, lease_token = NULL, leased_until = NULL, handed = false
                FROM v WHERE q.id = v.id AND q.lease_token = v.token AND v.status = 'pending'
                RETURNING q.id, q.webhook_id, q.event_type, v.status AS outcome, v.response_status AS answered,
                          v.error, v.started, v.ago
            ), done AS (
                SELECT d.id, d.webhook_id, d.event_type, d.outcome, d.answered, d.error, d.started,
                       width_bucket(d.ago * 1000, $9::float8[]) AS bucket
                FROM (SELECT id, webhook_id, event_type, outcome, answered, failure AS error, started, ago FROM finished
                      UNION ALL
                      SELECT id, webhook_id, event_type, outcome, answered, error, started, ago FROM retried) d
            ), scheduled AS (
                SELECT done.*, outcome <> 'success' AS failure
                FROM done
                WHERE event_type <> 'test' AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = done.webhook_id)
            ), per_webhook AS (
                SELECT webhook_id, count(*)::int AS attempts,
                       count(*) FILTER (WHERE NOT failure)::int AS succeeded,
                       count(*) FILTER (WHERE failure)::int AS failed,
                       max(date_trunc('milliseconds', now())) FILTER (WHERE NOT failure) AS last_success,
                       max(date_trunc('milliseconds', now())) FILTER (WHERE failure) AS last_failure,
                       ARRAY[%s] AS latency,
                       coalesce(bool_or(failure AND answered = 410), false) AS gone
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
            ), locked AS (
                SELECT w.id, w.workspace_id, w.url, w.is_active, w.created_at, w.last_success_at, w.consecutive_failures,
                       w.failing_since, w.failing_alerted, p.gone
                FROM per_webhook p JOIN webhooks w ON w.id = p.webhook_id
                WHERE p.failed > 0 OR w.consecutive_failures > 0
                   -- A success is remembered on the webhook to within a minute (the deactivation rule's).
                   OR p.last_success IS NOT NULL
                      AND (w.last_success_at IS NULL OR w.last_success_at < now() - interval '1 minute')
                ORDER BY w.id
                FOR UPDATE OF w
            ), streak AS (
                -- Outcomes of another instance may be recorded out of order: a success that started before the
                -- stored streak did, or failures that started before the last success, belong to what was
                -- already recorded and are left out of the streak.
                SELECT l.*, k.first_ok, k.last_ok, l.consecutive_failures + f.head AS head_streak,
                       CASE WHEN l.consecutive_failures > 0 THEN l.failing_since ELSE f.head_since END AS head_from,
                       f.head_error, f.head_status, f.tail, f.tail_since, f.tail_error, f.tail_status
                FROM locked l
                CROSS JOIN LATERAL (
                    SELECT min(started) AS first_ok, max(started) AS last_ok FROM scheduled sc
                    WHERE sc.webhook_id = l.id AND NOT sc.failure
                      AND (l.consecutive_failures = 0 OR sc.started >= l.failing_since)
                ) k
                CROSS JOIN LATERAL (
                    SELECT count(*) FILTER (WHERE k.first_ok IS NULL OR started < k.first_ok)::int AS head,
                           min(started) AS head_since,
                           (array_agg(error ORDER BY started DESC) FILTER (WHERE k.first_ok IS NULL OR started < k.first_ok))[1] AS head_error,
                           (array_agg(answered ORDER BY started DESC) FILTER (WHERE k.first_ok IS NULL OR started < k.first_ok))[1] AS head_status,
                           count(*) FILTER (WHERE started > k.last_ok)::int AS tail,
                           min(started) FILTER (WHERE started > k.last_ok) AS tail_since,
                           (array_agg(error ORDER BY started DESC) FILTER (WHERE started > k.last_ok))[1] AS tail_error,
                           (array_agg(answered ORDER BY started DESC) FILTER (WHERE started > k.last_ok))[1] AS tail_status
                    FROM scheduled sc
                    WHERE sc.webhook_id = l.id AND sc.failure AND sc.started > coalesce(l.last_success_at, '-infinity')
                ) f
            ), decided AS (
                SELECT s.*,
                       s.first_ok IS NOT NULL AND NOT s.failing_alerted AND s.head_streak >= $11 AS head_alert,
                       s.first_ok IS NOT NULL AND (s.failing_alerted OR s.head_streak >= $11) AS recovered,
                       s.first_ok IS NOT NULL AND s.tail >= $11
                           OR s.first_ok IS NULL AND NOT s.failing_alerted AND s.head_streak >= $11 AS alert,
                       CASE WHEN s.first_ok IS NULL THEN s.head_streak ELSE s.tail END AS streak_now,
                       CASE WHEN s.first_ok IS NULL THEN s.head_from ELSE s.tail_since END AS since_now,
                       CASE WHEN s.first_ok IS NULL THEN s.head_error ELSE s.tail_error END AS error_now,
                       CASE WHEN s.first_ok IS NULL THEN s.head_status ELSE s.tail_status END AS status_now,
                       s.is_active AND (s.gone OR (CASE WHEN s.first_ok IS NULL THEN s.head_streak ELSE s.tail END) > 0
                           AND coalesce(greatest(s.last_success_at, s.last_ok), s.created_at)
                               <= now() - make_interval(secs => $10)) AS disable
                FROM streak s
            ), streaked AS (
                UPDATE webhooks w SET consecutive_failures = d.streak_now, failing_since = d.since_now,
                    failing_alerted = CASE WHEN d.first_ok IS NULL THEN d.failing_alerted OR d.alert ELSE d.alert END,
                    last_success_at = CASE WHEN d.last_ok IS NULL THEN w.last_success_at
                                           ELSE greatest(w.last_success_at, d.last_ok) END,
                    is_active = w.is_active AND NOT d.disable,
                    updated_at = CASE WHEN d.disable THEN date_trunc('milliseconds', now()) ELSE w.updated_at END,
                    deactivated_at = CASE WHEN d.disable THEN date_trunc('milliseconds', now()) ELSE w.deactivated_at END,
                    deactivation_reason = CASE WHEN NOT d.disable THEN w.deactivation_reason
                                               WHEN d.gone THEN 'gone' ELSE 'failing' END
                FROM decided d WHERE w.id = d.id
                RETURNING w.id, d.disable, w.deactivation_reason
            ), alerts AS (
                INSERT INTO operational_events (id, workspace_id, webhook_id, event_type, data, created_at)
                SELECT gen_random_uuid(), a.workspace_id, a.webhook_id, a.event_type, a.data::text,
                       date_trunc('milliseconds', now())
                FROM (SELECT d.workspace_id, d.id AS webhook_id, e.event_type, e.data, e.rank
                      FROM decided d CROSS JOIN LATERAL (VALUES
                          (1, d.head_alert, 'webhook.failing', json_build_object('webhook_id', d.id, 'url', d.url,
                              'consecutive_failures', d.head_streak, 'last_error', d.head_error,
                              'last_response_status', d.head_status, 'failing_since', %2$s)),
                          (2, d.recovered, 'webhook.recovered', json_build_object('webhook_id', d.id, 'url', d.url,
                              'failed_for_seconds', greatest(0, floor(extract(epoch FROM d.first_ok - d.head_from)))::bigint)),
                          (3, d.alert, 'webhook.failing', json_build_object('webhook_id', d.id, 'url', d.url,
                              'consecutive_failures', d.streak_now, 'last_error', d.error_now,
                              'last_response_status', d.status_now, 'failing_since', %3$s)),
                          (4, d.disable, 'webhook.disabled', json_build_object('webhook_id', d.id, 'url', d.url,
                              'reason', CASE WHEN d.gone THEN 'gone' ELSE 'failing' END, 'at', %4$s))
                      ) AS e(rank, due, event_type, data)
                      WHERE e.due
                      UNION ALL
                      SELECT w.workspace_id, f.webhook_id, 'delivery.exhausted', json_build_object(
                                 'webhook_id', f.webhook_id, 'delivery_id', f.id, 'event_type', f.event_type,
                                 'attempts', f.attempts + 1, 'last_error', f.failure,
                                 'last_response_status', f.answered), 5
                      FROM finished f JOIN webhooks w ON w.id = f.webhook_id
                      WHERE f.outcome = 'failed' AND NOT f.manual AND f.event_type <> ALL ($12::text[])) a
                ORDER BY a.webhook_id, a.rank
                RETURNING id, workspace_id, webhook_id, event_type, data, created_at
            )
            SELECT 'done' AS kind, id, NULL::uuid AS workspace_id, NULL::uuid AS webhook_id, NULL AS event_type,
                   NULL AS data, NULL::timestamptz AS created_at
            FROM done
            UNION ALL
            SELECT 'disabled', id, NULL, NULL, deactivation_reason, NULL, NULL FROM streaked WHERE disable
            UNION ALL
            SELECT 'event', id, workspace_id, webhook_id, event_type, data, created_at FROM alerts""".formatted(
            IntStream.rangeClosed(0, LATENCY_BOUNDS_MS.length)
                    .mapToObj(i -> "count(*) FILTER (WHERE answered IS NOT NULL AND bucket = " + i + ")::int")
                    .collect(Collectors.joining(", ")),
            millis("d.head_from"), millis("d.since_now"), millis("now()"));

    /** A time as the API writes it (UTC, milliseconds), as SQL text. */
    private static String millis(String time) {
        return "to_char(" + time + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
    }

    private static final Double[] BOUNDS = Arrays.stream(LATENCY_BOUNDS_MS).boxed().toArray(Double[]::new);

    private record Outcome(Claimed claimed, String status, double secondsAgo, Answer answer, Double retryIn,
            UniEmitter<? super Boolean> emitter) {
    }

    /** The names of the operational events: their deliveries never cause a delivery.exhausted. */
    private static final String[] OPERATIONAL = Arrays.stream(EventType.values()).filter(EventType::operational)
            .map(EventType::wireName).toArray(String[]::new);

    private final Pool pool;
    private final Vertx vertx;
    private final DeliveryMetrics metrics;
    private final WebhookHealth health;
    private final OperationalEvents operationalEvents;
    private final double disableAfterSeconds;
    private final int failingAfter;
    private final Backoff retry = new Backoff(MAX_RETRY_MILLIS);
    private final Deque<Outcome> unwritten = new ArrayDeque<>();
    private boolean writing;
    private boolean gathering;
    private int lastBatch;
    private boolean failing;
    private boolean catchingUp;

    public OutcomeWriter(@EnginePool.Engine Pool pool, Vertx vertx, DeliveryMetrics metrics, WebhookHealth health,
            OperationalEvents operationalEvents, DeliveryConfig delivery, OpsConfig ops) {
        this.pool = pool;
        this.vertx = vertx;
        this.metrics = metrics;
        this.health = health;
        this.operationalEvents = operationalEvents;
        this.disableAfterSeconds = delivery.disableAfter().toMillis() / 1000.0;
        this.failingAfter = ops.failingAfter();
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
            if (writing || gathering) {
                return;
            }
            if (lastBatch >= GATHER_FROM && !catchingUp && unwritten.size() < MAX_BATCH) {
                gathering = true;
                lastBatch = 0;
                vertx.setTimer(GATHER_MILLIS, id -> {
                    synchronized (this) {
                        gathering = false;
                    }
                    write();
                });
                return;
            }
            for (Outcome o; batch.size() < MAX_BATCH && (o = unwritten.poll()) != null; ) {
                batch.add(o);
            }
            if (batch.isEmpty()) {
                catchingUp = false;
                return;
            }
            lastBatch = batch.size();
            writing = true;
        }
        pool.preparedQuery(RECORD).execute(values(batch)).subscribe().with(rows -> {
            Set<UUID> written = new HashSet<>();
            List<OperationalEvents.Recorded> recorded = new ArrayList<>();
            for (Row row : rows) {
                switch (row.getString("kind")) {
                    case "done" -> written.add(row.getUUID("id"));
                    case "disabled" -> health.deactivated(row.getUUID("id"), row.getString("event_type"));
                    default -> recorded.add(OperationalEvents.Recorded.of(row));
                }
            }
            recovered(batch.size());
            operationalEvents.fanOut(recorded);
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

    private Tuple values(List<Outcome> batch) {
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
                .addArrayOfUUID(tokens).addArrayOfDouble(BOUNDS).addDouble(disableAfterSeconds).addInteger(failingAfter)
                .addArrayOfString(OPERATIONAL);
    }
}
