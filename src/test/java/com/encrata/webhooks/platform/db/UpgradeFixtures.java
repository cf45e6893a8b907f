package com.encrata.webhooks.platform.db;

import java.sql.SQLException;
import java.sql.Statement;

/** Rows the upgrade tests start from, written with the columns of the version they migrate from. */
final class UpgradeFixtures {

    private UpgradeFixtures() {
    }

    /** A workspace and an active webhook subscribed to {@code credits.low}, both with the id {@code id}. */
    static void workspaceWithWebhook(Statement s, String id) throws SQLException {
        s.execute("INSERT INTO workspaces (id, name, created_at) VALUES ('" + id + "', 'w', now())");
        s.execute("INSERT INTO webhooks (id, workspace_id, url, url_key, events, is_active, secret_ciphertext,"
                + " created_by, created_at, updated_at) VALUES ('" + id + "', '" + id + "',"
                + " 'https://a.example.com/', 'https://a.example.com/', '{credits.low}', true, 'x', gen_random_uuid(),"
                + " now(), now())");
    }
}
