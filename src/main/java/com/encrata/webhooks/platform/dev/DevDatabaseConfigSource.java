package com.encrata.webhooks.platform.dev;

import java.io.File;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * In dev mode without a configured database URL, starts an embedded PostgreSQL whose data lives in
 * {@code .dev-data/postgres} (so it survives restarts) and points the datasource at it. The server
 * is started once per JVM and shared by live reloads. Every other profile gets nothing from here.
 */
public class DevDatabaseConfigSource implements ConfigSourceFactory {

    private static final String STARTED = "encrata.dev.embedded-database.port";
    private static final int ORDINAL = 150;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev") || configured(context.getValue("quarkus.datasource.reactive.url"))) {
            return List.of();
        }
        return List.of(new MapBackedConfigSource("embedded PostgreSQL (dev)", config(), ORDINAL) {
        });
    }

    private static synchronized Map<String, String> config() {
        String port = System.getProperty(STARTED);
        if (port == null) {
            port = String.valueOf(EmbeddedDatabase.start(new File(".dev-data/postgres"), true).port());
            System.setProperty(STARTED, port);
        }
        return EmbeddedDatabase.datasourceConfig(Integer.parseInt(port));
    }

    private static boolean configured(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && !"embedded PostgreSQL (dev)".equals(value.getConfigSourceName());
    }
}
