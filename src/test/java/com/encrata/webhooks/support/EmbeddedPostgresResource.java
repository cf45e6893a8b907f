package com.encrata.webhooks.support;

import java.util.Map;

import com.encrata.webhooks.common.dev.EmbeddedDatabase;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives every test run a real PostgreSQL: an embedded server, unless a database URL is already
 * configured (QUARKUS_DATASOURCE_REACTIVE_URL in the environment, or the JDBC URL system property).
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        if (externalUrl() != null) {
            return Map.of();
        }
        database = EmbeddedDatabase.start(null, false);
        return database.datasourceConfig();
    }

    @Override
    public void stop() {
        if (database != null) {
            database.stop();
        }
    }

    /** A server given in the environment, or as -Dquarkus.datasource.jdbc.url (a test profile may
     * override only the reactive URL, so that one does not count). */
    private static String externalUrl() {
        String url = System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL");
        return url != null && !url.isBlank() ? url : System.getProperty("quarkus.datasource.jdbc.url");
    }
}
