package com.encrata.webhooks.platform.db;

import static com.encrata.webhooks.support.Database.column;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Migration V9 on a database that V8 left with deliveries in every state: pending work moves to the
 * queue, final deliveries to the history's day partitions, each with the envelope it had.
 */
@QuarkusTest
class UpgradeFromV8Test {

    private static final String WEBHOOK = "6a0a4a1e-0000-4000-8000-000000000001";
    private static final String EVENT = "6a0a4a1e-0000-4000-8000-0000000000e1";

    @Test
    void movesPendingDeliveriesToTheQueueAndFinalOnesToTheHistory() throws SQLException {
        String database = "upgrade_v8_" + UUID.randomUUID().toString().replace("-", "");
        Database.update("CREATE DATABASE " + database);
        String url = Database.url(database);
        try {
            Database.migrate(url, "8");
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
                UpgradeFixtures.workspaceWithWebhook(s, WEBHOOK);
                s.execute("INSERT INTO events (id, workspace_id, event_type, body, created_at) VALUES ('" + EVENT + "', '"
                        + WEBHOOK + "', 'credits.low', '{\"event\":\"credits.low\",\"data\":{}}', now() - interval '3 days')");
                // Before V8 a delivery carried its own envelope; after, a delivery of an event has none.
                s.execute("INSERT INTO deliveries (id, webhook_id, event_id, event_type, payload, status, attempts,"
                        + " next_attempt_at, created_at, response_status, error) VALUES"
                        + " ('00000000-0000-4000-8000-000000000001', '" + WEBHOOK + "', '" + EVENT + "', 'credits.low', NULL,"
                        + "  'pending', 2, now() + interval '5 minutes', now() - interval '3 days', 500, NULL),"
                        + " ('00000000-0000-4000-8000-000000000002', '" + WEBHOOK + "', '" + EVENT + "', 'credits.low',"
                        + "  '{\"own\":1}', 'success', 1, NULL, now() - interval '3 days', 200, NULL),"
                        + " ('00000000-0000-4000-8000-000000000003', '" + WEBHOOK + "', NULL, 'test', '{\"test\":1}',"
                        + "  'failed', 1, NULL, now() - interval '40 days', NULL, 'timeout')");
                s.execute("INSERT INTO deliveries (id, webhook_id, event_id, event_type, status, attempts, next_attempt_at,"
                        + " created_at, lease_until, lease_token) VALUES ('00000000-0000-4000-8000-000000000004', '" + WEBHOOK
                        + "', '" + EVENT + "', 'credits.low', 'pending', 0, now(), now(), now() + interval '1 minute',"
                        + " gen_random_uuid())");
            }

            Database.migrate(url, "latest");

            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
                assertThat(column(s, "SELECT id || ' ' || attempts || ' ' || coalesce(response_status::text, '-')"
                        + " || ' ' || (due_at > now())::text || ' ' || (lease_token IS NULL)::text FROM delivery_queue ORDER BY id"))
                        .containsExactly("00000000-0000-4000-8000-000000000001 2 500 true true",
                                "00000000-0000-4000-8000-000000000004 0 - false true");
                assertThat(column(s, "SELECT d.id || ' ' || status || ' ' || coalesce(d.payload, e.body) FROM deliveries d"
                        + " LEFT JOIN events e ON e.id = d.event_id ORDER BY d.id"))
                        .containsExactly("00000000-0000-4000-8000-000000000002 success {\"own\":1}",
                                "00000000-0000-4000-8000-000000000003 failed {\"test\":1}");
                // Each in the partition of its day, made by the migration, and the next days made ahead.
                assertThat(column(s, "SELECT tableoid::regclass::text = 'deliveries_p' || to_char(created_at AT TIME ZONE 'UTC',"
                        + " 'YYYYMMDD') FROM deliveries")).containsOnly("t");
                assertThat(column(s, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'deliveries'::regclass"))
                        .singleElement().satisfies(n -> assertThat(Integer.parseInt(n)).isGreaterThanOrEqualTo(41 + 3));
                assertThat(column(s, "SELECT to_regclass('deliveries_v8')")).containsExactly((String) null);
            }
        } finally {
            Database.update("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }
}
