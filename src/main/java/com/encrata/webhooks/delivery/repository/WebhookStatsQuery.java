package com.encrata.webhooks.delivery.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.delivery.engine.OutcomeWriter;

import com.encrata.webhooks.platform.time.Timestamps;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The 24-hour stats of a workspace's webhooks in one statement: the hourly roll-ups of the window
 * (written with the outcomes by the engine), the pending count (the queue, by webhook), and why a webhook
 * is inactive. At most 24 roll-up rows per webhook, whatever the number of deliveries.
 */
@ApplicationScoped
public class WebhookStatsQuery {

    /** The window: this hour and the 23 before it. */
    public static final int WINDOW_HOURS = 24;

    // $1 workspace, $2 one webhook or null for all; newest webhook first, like the list. The roll-ups
    // of the window are added up here, each latency bucket on its own, so one row comes back per webhook.
    private static final String STATS = """
            WITH w AS (
                SELECT id, is_active, deactivated_at, deactivation_reason, created_at FROM webhooks
                WHERE workspace_id = $1 AND ($2::uuid IS NULL OR id = $2)
            ), s AS (
                SELECT s.* FROM webhook_stats s JOIN w ON w.id = s.webhook_id
                WHERE s.hour >= date_trunc('hour', now()) - interval '23 hours'
            ), totals AS (
                SELECT webhook_id, sum(attempts) AS attempts, sum(succeeded) AS succeeded, sum(failed) AS failed,
                       date_trunc('milliseconds', max(last_success_at)) AS last_success_at,
                       date_trunc('milliseconds', max(last_failure_at)) AS last_failure_at,
                       ARRAY[%s] AS buckets
                FROM s GROUP BY webhook_id
            ), pending AS (
                SELECT q.webhook_id, count(*) AS pending FROM delivery_queue q JOIN w ON w.id = q.webhook_id
                GROUP BY q.webhook_id
            )
            SELECT w.id, w.is_active, w.deactivated_at, w.deactivation_reason, t.attempts, t.succeeded, t.failed,
                   t.buckets, t.last_success_at, t.last_failure_at, coalesce(p.pending, 0) AS pending
            FROM w LEFT JOIN totals t ON t.webhook_id = w.id LEFT JOIN pending p ON p.webhook_id = w.id
            ORDER BY w.created_at DESC, w.id DESC""".formatted(IntStream.rangeClosed(1, OutcomeWriter.LATENCY_BOUNDS_MS.length + 1)
                    .mapToObj(i -> "sum(latency_buckets[" + i + "])").collect(Collectors.joining(", ")));

    /** One webhook's hourly roll-ups in the window, added up. */
    public record Totals(UUID webhookId, boolean active, Instant deactivatedAt, String deactivationReason,
            long attempts, long succeeded, long failed, long[] latencyBuckets, Instant lastSuccessAt,
            Instant lastFailureAt, long pending) {
    }

    // $1 webhook: the 24 hours of the window, oldest first, each with its roll-up when there is one.
    private static final String HOURLY = """
            SELECT h.hour, s.attempts, s.succeeded, s.failed, s.latency_buckets
            FROM generate_series(date_trunc('hour', now()) - interval '23 hours', date_trunc('hour', now()),
                                 interval '1 hour') h(hour)
            LEFT JOIN webhook_stats s ON s.webhook_id = $1 AND s.hour = h.hour
            ORDER BY h.hour""";

    /** One hour of a webhook's window. */
    public record Hour(Instant hour, long attempts, long succeeded, long failed, long[] latencyBuckets) {
    }

    private final Pool pool;

    public WebhookStatsQuery(Pool pool) {
        this.pool = pool;
    }

    /** Every webhook of the workspace (or just {@code webhookId} when given), newest first. */
    public Uni<List<Totals>> totals(UUID workspaceId, UUID webhookId) {
        return pool.preparedQuery(STATS).execute(Tuple.of(workspaceId, webhookId)).map(rows -> {
            List<Totals> all = new ArrayList<>(rows.size());
            rows.forEach(row -> all.add(totals(row)));
            return all;
        });
    }

    /** The webhook's 24 hours, oldest first (the last is the current hour), zeros for hours without attempts. */
    public Uni<List<Hour>> hourly(UUID webhookId) {
        return pool.preparedQuery(HOURLY).execute(Tuple.of(webhookId)).map(rows -> {
            List<Hour> hours = new ArrayList<>(WINDOW_HOURS);
            rows.forEach(row -> hours.add(new Hour(Timestamps.of(row.getOffsetDateTime("hour")),
                    number(row.getLong("attempts")), number(row.getLong("succeeded")), number(row.getLong("failed")),
                    buckets(row, "latency_buckets"))));
            return hours;
        });
    }

    private static long[] buckets(Row row, String column) {
        Long[] buckets = row.getArrayOfLongs(column);
        long[] latency = new long[buckets == null ? 0 : buckets.length];
        for (int i = 0; i < latency.length; i++) {
            latency[i] = buckets[i] == null ? 0 : buckets[i];
        }
        return latency;
    }

    private static Totals totals(Row row) {
        long[] latency = buckets(row, "buckets");
        return new Totals(row.getUUID("id"), row.getBoolean("is_active"), Timestamps.of(row.getOffsetDateTime("deactivated_at")),
                row.getString("deactivation_reason"), number(row.getLong("attempts")),
                number(row.getLong("succeeded")), number(row.getLong("failed")), latency,
                Timestamps.of(row.getOffsetDateTime("last_success_at")), Timestamps.of(row.getOffsetDateTime("last_failure_at")),
                row.getLong("pending"));
    }

    private static long number(Long value) {
        return value == null ? 0 : value;
    }

}
