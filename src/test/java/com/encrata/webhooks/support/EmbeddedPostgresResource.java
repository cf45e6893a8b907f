package com.encrata.webhooks.support;

import java.util.Map;

import com.encrata.webhooks.platform.dev.EmbeddedDatabase;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives every test run a real PostgreSQL: one embedded server for the whole test JVM, shared by every
 * test class, profile and packaged-jar run (each Quarkus restart reuses it), unless a database URL is
 * already configured (QUARKUS_DATASOURCE_REACTIVE_URL in the environment, or the JDBC URL system
 * property). The server stops with the JVM.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        return externalUrl() != null ? Map.of() : shared().datasourceConfig();
    }

    @Override
    public void stop() {
        // Kept for the next Quarkus start of this JVM; EmbeddedDatabase stops it at JVM exit.
    }

    /** The JDBC URL of the shared server, or null when the tests run against a configured one. */
    static synchronized String jdbcUrl() {
        return database == null ? null : database.datasourceConfig().get("quarkus.datasource.jdbc.url");
    }

    private static synchronized EmbeddedDatabase shared() {
        if (database == null) {
            database = EmbeddedDatabase.start(null, false);
        }
        return database;
    }

    /** A server given in the environment, or as -Dquarkus.datasource.jdbc.url (a test profile may
     * override only the reactive URL, so that one does not count). */
    private static String externalUrl() {
        String url = System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL");
        return url != null && !url.isBlank() ? url : System.getProperty("quarkus.datasource.jdbc.url");
    }
}
