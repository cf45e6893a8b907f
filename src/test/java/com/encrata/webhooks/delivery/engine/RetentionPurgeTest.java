package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
class RetentionPurgeTest {

    @Inject
    RetentionPurge purge;

    @Inject
    HistoryPartitions partitions;

    @Inject
    Pool pool;

    @Test
    void dropsTheHistoryOfDaysPastTheRetentionWithTheirEventsAndKeepsTheRest() {
        Tenant tenant = Tenant.create();
        UUID webhook = UUID.fromString(Webhooks.id(tenant, "https://retention.example.com/" + UUID.randomUUID(), "credits.low"));
        UUID ws = UUID.fromString(tenant.workspaceId());
        String old = partition("41 days");
        UUID oldEvent = event(ws, "41 days");
        Database.update("INSERT INTO deliveries (id, webhook_id, event_id, event_type, status, attempts, created_at)"
                + " SELECT gen_random_uuid(), ?, ?, 'credits.low', 'success', 1, now() - interval '41 days'"
                + " FROM generate_series(1, 2500)", webhook, oldEvent);
        partition("29 days");
        UUID keptEvent = event(ws, "29 days");
        UUID kept = UUID.randomUUID();
        Database.update("INSERT INTO deliveries (id, webhook_id, event_id, event_type, status, attempts, created_at)"
                + " VALUES (?, ?, ?, 'credits.low', 'failed', 8, now() - interval '29 days')", kept, webhook, keptEvent);
        // Queued work older than the retention (only a requeue keeps a delivery that long) goes too.
        UUID oldQueued = UUID.randomUUID();
        Database.update("INSERT INTO delivery_queue (id, webhook_id, event_id, event_type, created_at, due_at)"
                + " VALUES (?, ?, ?, 'credits.low', now() - interval '41 days', now() + interval '1 hour')",
                oldQueued, webhook, oldEvent);

        RetentionPurge.Purged purged = purge.purge().await().atMost(Duration.ofSeconds(30));

        assertThat(purged.partitions()).isGreaterThanOrEqualTo(1);
        assertThat(purged.queued()).isGreaterThanOrEqualTo(1);
        assertThat(Database.query("SELECT to_regclass(?) AS t", old).get(0).get("t")).isNull();
        assertThat(Database.query("SELECT id FROM deliveries WHERE webhook_id = ?", webhook))
                .extracting(row -> row.get("id")).containsExactly(kept);
        assertThat(Database.query("SELECT id FROM delivery_queue WHERE id = ?", oldQueued)).isEmpty();
        assertThat(Database.query("SELECT id FROM events WHERE id = ?", oldEvent)).isEmpty();
        assertThat(Database.query("SELECT id FROM events WHERE id = ?", keptEvent)).hasSize(1);
        // The delivery log still shows what is kept, with its envelope.
        assertThat(Database.query("SELECT coalesce(d.payload, e.body) AS envelope FROM deliveries d"
                + " JOIN events e ON e.id = d.event_id WHERE d.id = ?", kept)).hasSize(1);
    }

    @Test
    void deletesEventsInManyBatchesOldestFirstAndKeepsRecentOnes() {
        Tenant tenant = Tenant.create();
        UUID ws = UUID.fromString(tenant.workspaceId());
        String tag = UUID.randomUUID().toString();
        // 4,500 old events a minute apart: three batches of 2,000; an event accepted yesterday stays.
        Database.update("INSERT INTO events (id, workspace_id, source_id, event_type, body, created_at, accepted_at)"
                + " SELECT gen_random_uuid(), ?, ? || '-' || i, 'credits.low', '{}', now(),"
                + " now() - interval '40 days' + i * interval '1 minute' FROM generate_series(1, 4500) i", ws, tag);
        // Before migration V9 an event had no acceptance time: its event time counts.
        Database.update("INSERT INTO events (id, workspace_id, source_id, event_type, body, created_at)"
                + " SELECT gen_random_uuid(), ?, ? || '-v8-' || i, 'credits.low', '{}', now() - interval '35 days'"
                + " FROM generate_series(1, 3) i", ws, tag);
        UUID recent = event(ws, "1 day");

        RetentionPurge.Purged purged = purge.purge().await().atMost(Duration.ofSeconds(60));

        assertThat(purged.events()).isGreaterThanOrEqualTo(4503);
        assertThat(Database.query("SELECT count(*) AS n FROM events WHERE source_id LIKE ? || '-%'", tag).get(0).get("n"))
                .isEqualTo(0L);
        assertThat(Database.query("SELECT id FROM events WHERE id = ?", recent)).hasSize(1);
    }

    @Test
    void goesOnBatchAfterBatchUntilNothingIsLeft() {
        Tenant tenant = Tenant.create();
        UUID ws = UUID.fromString(tenant.workspaceId());
        String tag = UUID.randomUUID().toString();
        Database.update("INSERT INTO events (id, workspace_id, source_id, event_type, body, created_at, accepted_at)"
                + " SELECT gen_random_uuid(), ?, ? || '-' || i, 'credits.low', '{}', now(),"
                + " now() - interval '60 days' + i * interval '1 second' FROM generate_series(1, 300) i", ws, tag);
        RetentionPurge oneByOne = new RetentionPurge(pool, partitions, Duration.ofDays(30), 1, Duration.ZERO,
                Duration.ofMillis(2));

        assertThat(oneByOne.purge().await().atMost(Duration.ofSeconds(120)).events()).isGreaterThanOrEqualTo(300);
        assertThat(Database.query("SELECT count(*) AS n FROM events WHERE source_id LIKE ? || '-%'", tag).get(0).get("n"))
                .isEqualTo(0L);
    }

    @Test
    void vacuumsEventsWhenTheirDeadRowsReachATenth() {
        Tenant tenant = Tenant.create();
        UUID ws = UUID.fromString(tenant.workspaceId());
        Database.update("INSERT INTO events (id, workspace_id, event_type, body, created_at, accepted_at)"
                + " SELECT gen_random_uuid(), ?, 'credits.low', '{}', now(), now() - interval '50 days'"
                + " FROM generate_series(1, 12000)", ws);
        Database.update("ANALYZE events");
        long vacuums = vacuumCount();

        RetentionPurge.Purged purged = purge.purge().await().atMost(Duration.ofSeconds(30));
        assertThat(purged.events()).isGreaterThanOrEqualTo(12000);

        assertThat(purge.vacuumIfNeeded(purged).await().atMost(Duration.ofSeconds(60))).contains("events");
        // The statistics reach other connections within about a second.
        await().atMost(Duration.ofSeconds(10)).until(() -> vacuumCount() > vacuums);
    }

    @Test
    void makesTheHistoryPartitionsOfTheNextDaysAhead() {
        partitions.makeAhead().await().atMost(Duration.ofSeconds(10));
        for (int day = 0; day <= HistoryPartitions.DAYS_AHEAD; day++) {
            assertThat(Database.query("SELECT to_regclass('deliveries_p' || to_char((now() + make_interval(days => ?))"
                    + " AT TIME ZONE 'UTC', 'YYYYMMDD')) AS t", day).get(0).get("t")).isNotNull();
        }
    }

    /** The history partition of the day {@code ago} ago (made if missing); its name. */
    private static String partition(String ago) {
        return (String) Database.query("SELECT encrata_deliveries_partition(now() - ?::interval) AS p", ago).get(0).get("p");
    }

    /** An event accepted {@code ago} ago. */
    private static UUID event(UUID workspace, String ago) {
        UUID id = UUID.randomUUID();
        Database.update("INSERT INTO events (id, workspace_id, event_type, body, created_at, accepted_at) VALUES"
                + " (?, ?, 'credits.low', '{}', now(), now() - ?::interval)", id, workspace, ago);
        return id;
    }

    private static long vacuumCount() {
        return (Long) Database.query("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'events'")
                .get(0).get("vacuum_count");
    }
}
