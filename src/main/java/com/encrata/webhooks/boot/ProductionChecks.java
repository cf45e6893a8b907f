package com.encrata.webhooks.boot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.encrata.webhooks.auth.AdminConfig;
import com.encrata.webhooks.auth.InternalConfig;
import com.encrata.webhooks.platform.net.PrivateTargets;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start in production with weak access tokens: missing, shorter than 32 characters,
 * equal to each other, or one of the published dev defaults. Warns while private targets are allowed.
 */
@Singleton
public class ProductionChecks {

    private static final Logger LOG = Logger.getLogger(ProductionChecks.class);
    static final int MIN_TOKEN_LENGTH = 32;
    static final Set<String> DEV_DEFAULTS = Set.of("dev-admin-token-not-for-production-use",
            "dev-internal-token-not-for-production-use");

    private final AdminConfig admin;
    private final InternalConfig internal;
    private final PrivateTargets privateTargets;
    private final String profile;

    public ProductionChecks(AdminConfig admin, InternalConfig internal, PrivateTargets privateTargets,
            @ConfigProperty(name = "quarkus.profile") String profile) {
        this.admin = admin;
        this.internal = internal;
        this.privateTargets = privateTargets;
        this.profile = profile;
    }

    void check(@Observes StartupEvent event) {
        if (privateTargets.allowed()) {
            LOG.warn("ENCRATA_DELIVERY_ALLOW_PRIVATE_TARGETS is on: webhooks may target loopback and private networks");
        }
        if (!Arrays.asList(profile.split(",")).contains("prod")) {
            return;
        }
        problem(admin.token(), internal.token()).ifPresent(message -> {
            LOG.error(message);
            throw new IllegalStateException(message);
        });
    }

    /**
     * Checked before Quarkus starts (its own error would name the property, not the variable): in
     * the prod profile the database URL must be given, as QUARKUS_DATASOURCE_REACTIVE_URL or as the
     * system property. A .env or config/application.properties in the working directory may hold it
     * too; then Quarkus decides.
     */
    static Optional<String> databaseUrlProblem(Map<String, String> env, Properties system, Path workingDirectory,
            String defaultProfile) {
        String profile = system.getProperty("quarkus.profile", env.getOrDefault("QUARKUS_PROFILE", defaultProfile));
        boolean prod = Arrays.asList(profile.split(",")).contains("prod");
        boolean given = !blank(system.getProperty("quarkus.datasource.reactive.url"))
                || !blank(env.get("QUARKUS_DATASOURCE_REACTIVE_URL"))
                || Files.exists(workingDirectory.resolve(".env"))
                || Files.exists(workingDirectory.resolve("config/application.properties"));
        return prod && !given
                ? Optional.of("QUARKUS_DATASOURCE_REACTIVE_URL is not set: the service needs its PostgreSQL database,"
                        + " e.g. postgresql://db:5432/encrata")
                : Optional.empty();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    static Optional<String> problem(Optional<String> adminToken, Optional<String> internalToken) {
        Optional<String> problem = weak("ENCRATA_ADMIN_TOKEN", adminToken);
        if (problem.isEmpty()) {
            problem = weak("ENCRATA_INTERNAL_TOKEN", internalToken);
        }
        if (problem.isEmpty() && adminToken.get().equals(internalToken.get())) {
            problem = Optional.of("ENCRATA_ADMIN_TOKEN and ENCRATA_INTERNAL_TOKEN must differ");
        }
        return problem;
    }

    private static Optional<String> weak(String variable, Optional<String> token) {
        if (token.isEmpty() || token.get().isBlank()) {
            return Optional.of(variable + " is not set");
        }
        if (token.get().length() < MIN_TOKEN_LENGTH) {
            return Optional.of(variable + " must be at least " + MIN_TOKEN_LENGTH + " characters");
        }
        if (DEV_DEFAULTS.contains(token.get())) {
            return Optional.of(variable + " is a development default; set a secret value");
        }
        return Optional.empty();
    }
}
