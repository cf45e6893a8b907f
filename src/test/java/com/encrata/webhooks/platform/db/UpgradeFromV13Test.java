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
 * Migration V14 on a queue that V13 left with held, expired and waiting work: a lease that still runs
 * keeps running (its end moves from {@code due_at} to {@code leased_until}), an expired one is due at
 * once, and work waiting for its retry stays unheld; V9's claim function is left for a rollback.
 */
@QuarkusTest
class UpgradeFromV13Test {

    private static final String WEBHOOK = "6a0a4a1e-0000-4000-8000-000000000013";

    @Test
    void keepsTheLeasesHeldWhenItMigrates() throws SQLException {
        String database = "upgrade_v13_" + UUID.randomUUID().toString().replace("-", "");
        Database.update("CREATE DATABASE " + database);
        String url = Database.url(database);
        try {
            Database.migrate(url, "13");
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
                UpgradeFixtures.workspaceWithWebhook(s, WEBHOOK);
                // V13: a held row's due_at is the end of its lease.
                s.execute("INSERT INTO delivery_queue (id, webhook_id, event_type, payload, created_at, due_at, lease_token)"
                        + " VALUES ('00000000-0000-4000-8000-000000000001', '" + WEBHOOK + "', 'credits.low', '{}', now(),"
                        + "  now() + interval '10 seconds', gen_random_uuid()),"
                        + " ('00000000-0000-4000-8000-000000000002', '" + WEBHOOK + "', 'credits.low', '{}', now(),"
                        + "  now() - interval '1 minute', gen_random_uuid()),"
                        + " ('00000000-0000-4000-8000-000000000003', '" + WEBHOOK + "', 'credits.low', '{}', now(),"
                        + "  now() + interval '5 minutes', NULL)");
            }

            Database.migrate(url, "latest");

            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
                assertThat(column(s, "SELECT id || ' ' || coalesce((leased_until = due_at)::text, 'unheld') || ' '"
                        + " || (due_at <= now() AND (leased_until IS NULL OR leased_until <= now()))::text"
                        + " FROM delivery_queue ORDER BY id"))
                        .containsExactly("00000000-0000-4000-8000-000000000001 true false",
                                "00000000-0000-4000-8000-000000000002 true true",
                                "00000000-0000-4000-8000-000000000003 unheld false");
                assertThat(column(s, "SELECT proname FROM pg_proc WHERE proname LIKE 'encrata_claim_%' ORDER BY proname"))
                        .containsExactly("encrata_claim_lanes", "encrata_claim_scheduled");
                assertThat(column(s, "SELECT reloptions::text FROM pg_class WHERE relname = 'delivery_queue'"))
                        .containsExactly("{fillfactor=50}");
            }
        } finally {
            Database.update("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }
}
