package com.encrata.webhooks.delivery.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The 24-hour stats of a workspace's webhooks in one statement: the hourly roll-ups of the window
 * (written with the outcomes by the engine), the pending count (a partial index), and why a webhook
 * is inactive. At most 24 roll-up rows per webhook, whatever the number of deliveries.
 */
@ApplicationScoped
public class WebhookStatsQuery {

    /** The window: this hour and the 23 before it. */
    public static final int WINDOW_HOURS = 24;

    // $1 workspace, $2 one webhook or null for all; newest webhook first, like the list.
    private static final String STATS = """
            SELECT w.id, w.is_active, w.deactivated_at, w.deactivation_reason, w.created_at,
                   s.attempts, s.succeeded, s.failed, s.latency_buckets, s.last_success_at, s.last_failure_at,
                   coalesce(p.pending, 0) AS pending
            FROM webhooks w
            LEFT JOIN webhook_stats s ON s.webhook_id = w.id AND s.hour >= date_trunc('hour', now()) - interval '23 hours'
            LEFT JOIN (SELECT d.webhook_id, count(*) AS pending FROM deliveries d JOIN webhooks pw ON pw.id = d.webhook_id
                       WHERE pw.workspace_id = $1 AND d.status = 'pending' AND ($2::uuid IS NULL OR pw.id = $2)
                       GROUP BY d.webhook_id) p ON p.webhook_id = w.id
            WHERE w.workspace_id = $1 AND ($2::uuid IS NULL OR w.id = $2)
            ORDER BY w.created_at DESC, w.id DESC""";

    /** One webhook's hourly roll-ups in the window, added up. */
    public record Totals(UUID webhookId, boolean active, Instant deactivatedAt, String deactivationReason,
            long attempts, long succeeded, long failed, long[] latencyBuckets, Instant lastSuccessAt,
            Instant lastFailureAt, long pending) {
    }

    private final Pool pool;

    public WebhookStatsQuery(Pool pool) {
        this.pool = pool;
    }

    /** Every webhook of the workspace (or just {@code webhookId} when given), newest first. */
    public Uni<List<Totals>> totals(UUID workspaceId, UUID webhookId) {
        return pool.preparedQuery(STATS).execute(Tuple.of(workspaceId, webhookId)).map(rows -> {
            Map<UUID, Totals> byWebhook = new LinkedHashMap<>();
            for (Row row : rows) {
                byWebhook.merge(row.getUUID("id"), totals(row), WebhookStatsQuery::add);
            }
            return new ArrayList<>(byWebhook.values());
        });
    }

    private static Totals totals(Row row) {
        Integer[] buckets = row.getArrayOfIntegers("latency_buckets");
        long[] latency = new long[buckets == null ? 0 : buckets.length];
        for (int i = 0; i < latency.length; i++) {
            latency[i] = buckets[i];
        }
        return new Totals(row.getUUID("id"), row.getBoolean("is_active"), instant(row.getOffsetDateTime("deactivated_at")),
                row.getString("deactivation_reason"), number(row.getInteger("attempts")),
                number(row.getInteger("succeeded")), number(row.getInteger("failed")), latency,
                instant(row.getOffsetDateTime("last_success_at")), instant(row.getOffsetDateTime("last_failure_at")),
                row.getLong("pending"));
    }

    private static Totals add(Totals a, Totals b) {
        long[] latency = new long[Math.max(a.latencyBuckets().length, b.latencyBuckets().length)];
        for (int i = 0; i < latency.length; i++) {
            latency[i] = (i < a.latencyBuckets().length ? a.latencyBuckets()[i] : 0)
                    + (i < b.latencyBuckets().length ? b.latencyBuckets()[i] : 0);
        }
        return new Totals(a.webhookId(), a.active(), a.deactivatedAt(), a.deactivationReason(),
                a.attempts() + b.attempts(), a.succeeded() + b.succeeded(), a.failed() + b.failed(), latency,
                latest(a.lastSuccessAt(), b.lastSuccessAt()), latest(a.lastFailureAt(), b.lastFailureAt()), a.pending());
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static long number(Integer value) {
        return value == null ? 0 : value;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
