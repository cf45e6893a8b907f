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
    Pool pool;

    @Test
    void purgesEventsAndDeliveriesOlderThanTheRetentionOnly() {
        Tenant tenant = Tenant.create();
        String webhookId = Webhooks.id(tenant, "https://retention.example.com/" + UUID.randomUUID(), "credits.low");
        UUID ws = UUID.fromString(tenant.workspaceId());
        UUID oldEvent = UUID.randomUUID();
        Database.update("INSERT INTO events (id, workspace_id, event_type, body, created_at) VALUES"
                + " (?, ?, 'credits.low', '{}', now() - interval '31 days')", oldEvent, ws);
        Database.update("INSERT INTO deliveries (id, webhook_id, event_id, event_type, payload, status, created_at)"
                + " SELECT gen_random_uuid(), ?, ?, 'credits.low', '{}', 'failed', now() - interval '31 days'"
                + " FROM generate_series(1, 2500)", UUID.fromString(webhookId), oldEvent);
        Database.update("INSERT INTO deliveries (id, webhook_id, event_type, payload, status, created_at)"
                + " VALUES (gen_random_uuid(), ?, 'credits.low', '{}', 'failed', now() - interval '29 days')",
                UUID.fromString(webhookId));

        assertThat(purge.purge().await().atMost(Duration.ofSeconds(30)).rows()).isGreaterThanOrEqualTo(2501);
        assertThat(Database.query("SELECT id FROM deliveries WHERE webhook_id = ?", UUID.fromString(webhookId))).hasSize(1);
        assertThat(Database.query("SELECT id FROM events WHERE id = ?", oldEvent)).isEmpty();
    }

    @Test
    void goesThroughManyBatchesOldestFirstAndKeepsPendingWork() {
        Tenant tenant = Tenant.create();
        UUID webhook = UUID.fromString(Webhooks.id(tenant, "https://retention.example.com/" + UUID.randomUUID(), "credits.low"));
        UUID ws = UUID.fromString(tenant.workspaceId());
        String tag = UUID.randomUUID().toString();
        // 1,500 old events a minute apart, 3 deliveries each (4,500: three batches); every 100th event
        // keeps one delivery pending: that delivery and its event stay.
        Database.update("INSERT INTO events (id, workspace_id, source_id, event_type, body, created_at)"
                + " SELECT gen_random_uuid(), ?, ? || '-' || i, 'credits.low', '{}', now() - interval '40 days' + i * interval '1 minute'"
                + " FROM generate_series(1, 1500) i", ws, tag);
        Database.update("INSERT INTO deliveries (id, webhook_id, event_id, event_type, payload, status, created_at)"
                + " SELECT gen_random_uuid(), ?, e.id, 'credits.low', '{}',"
                + "   CASE WHEN k = 1 AND split_part(e.source_id, '-', 6)::int % 100 = 0 THEN 'pending' ELSE 'success' END, e.created_at"
                + " FROM events e, generate_series(1, 3) k WHERE e.source_id LIKE ? || '-%'", webhook, tag);
        // Old events never delivered, an old test send (no event) and an event still within the retention.
        Database.update("INSERT INTO events (id, workspace_id, source_id, event_type, body, created_at)"
                + " SELECT gen_random_uuid(), ?, ? || '-none-' || i, 'credits.low', '{}', now() - interval '35 days'"
                + " FROM generate_series(1, 3) i", ws, tag);
        Database.update("INSERT INTO deliveries (id, webhook_id, event_type, payload, status, created_at)"
                + " VALUES (gen_random_uuid(), ?, 'test', '{}', 'success', now() - interval '45 days')", webhook);
        UUID recent = UUID.randomUUID();
        Database.update("INSERT INTO events (id, workspace_id, event_type, body, created_at) VALUES"
                + " (?, ?, 'credits.low', '{}', now() - interval '1 day')", recent, ws);
        Database.update("INSERT INTO deliveries (id, webhook_id, event_id, event_type, payload, status, created_at)"
                + " VALUES (gen_random_uuid(), ?, ?, 'credits.low', '{}', 'success', now() - interval '1 day')", webhook, recent);

        RetentionPurge.Purged purged = purge.purge().await().atMost(Duration.ofSeconds(30));

        assertThat(purged.deliveries()).isGreaterThanOrEqualTo(4500 - 15 + 1);
        assertThat(purged.events()).isGreaterThanOrEqualTo(1500 - 15 + 3);
        assertThat(Database.query("SELECT count(*) AS n FROM deliveries WHERE webhook_id = ?", webhook).get(0).get("n"))
                .isEqualTo(15L + 1);
        assertThat(Database.query("SELECT count(*) AS n FROM deliveries WHERE webhook_id = ? AND status = 'pending'", webhook)
                .get(0).get("n")).isEqualTo(15L);
        assertThat(Database.query("SELECT count(*) AS n FROM events WHERE source_id LIKE ? || '-%'", tag).get(0).get("n"))
                .isEqualTo(15L);
        assertThat(Database.query("SELECT id FROM events WHERE id = ?", recent)).hasSize(1);
    }

    @Test
    void vacuumsATableWhoseDeadRowsReachATenth() {
        UUID webhook = webhookWithExpiredDeliveries(12000, 50);
        Database.update("ANALYZE deliveries");
        long vacuums = vacuumCount();

        RetentionPurge.Purged purged = purge.purge().await().atMost(Duration.ofSeconds(30));
        assertThat(purged.deliveries()).isGreaterThanOrEqualTo(12000);

        assertThat(purge.vacuumIfNeeded(purged).await().atMost(Duration.ofSeconds(60))).contains("deliveries");
        // The statistics reach other connections within about a second.
        await().atMost(Duration.ofSeconds(10)).until(() -> vacuumCount() > vacuums);
    }

    @Test
    void goesOnBatchAfterBatchUntilNothingIsLeft() {
        UUID webhook = webhookWithExpiredDeliveries(3000, 60);
        RetentionPurge oneByOne = new RetentionPurge(pool, Duration.ofDays(30), 1, Duration.ZERO, Duration.ofMillis(2));

        assertThat(oneByOne.purge().await().atMost(Duration.ofSeconds(120)).deliveries()).isGreaterThanOrEqualTo(3000);
        assertThat(Database.query("SELECT id FROM deliveries WHERE webhook_id = ?", webhook)).isEmpty();
    }

    /** A new webhook with {@code count} delivered deliveries created {@code daysAgo} days ago, a second apart. */
    private static UUID webhookWithExpiredDeliveries(int count, int daysAgo) {
        Tenant tenant = Tenant.create();
        UUID webhook = UUID.fromString(Webhooks.id(tenant, "https://retention.example.com/" + UUID.randomUUID(), "credits.low"));
        Database.update("INSERT INTO deliveries (id, webhook_id, event_type, payload, status, created_at)"
                + " SELECT gen_random_uuid(), ?, 'test', '{}', 'success', now() - make_interval(days => ?) + i * interval '1 second'"
                + " FROM generate_series(1, ?) i", webhook, daysAgo, count);
        return webhook;
    }

    private static long vacuumCount() {
        return (Long) Database.query("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'deliveries'")
                .get(0).get("vacuum_count");
    }
}
