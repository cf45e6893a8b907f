package com.encrata.webhooks.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class ProductionChecksTest {

    private static final String A = "a".repeat(32);
    private static final String B = "b".repeat(40);

    @Test
    void acceptsTwoLongDistinctTokens() {
        assertThat(ProductionChecks.problem(Optional.of(A), Optional.of(B))).isEmpty();
    }

    @Test
    void namesTheVariableOfAMissingShortOrDefaultToken() {
        assertThat(ProductionChecks.problem(Optional.empty(), Optional.of(B))).contains("ENCRATA_ADMIN_TOKEN is not set");
        assertThat(ProductionChecks.problem(Optional.of(A), Optional.of(" "))).contains("ENCRATA_INTERNAL_TOKEN is not set");
        assertThat(ProductionChecks.problem(Optional.of("short"), Optional.of(B)))
                .contains("ENCRATA_ADMIN_TOKEN must be at least 32 characters");
        assertThat(ProductionChecks.problem(Optional.of(A), Optional.of("dev-internal-token-not-for-production-use")))
                .contains("ENCRATA_INTERNAL_TOKEN is a development default; set a secret value");
    }

    @Test
    void refusesEqualTokens() {
        assertThat(ProductionChecks.problem(Optional.of(A), Optional.of(A)))
                .contains("ENCRATA_ADMIN_TOKEN and ENCRATA_INTERNAL_TOKEN must differ");
    }

    @Test
    void aProductionStartNeedsTheDatabaseUrl() {
        Properties none = new Properties();
        Path empty = Path.of("target");
        assertThat(ProductionChecks.databaseUrlProblem(Map.of(), none, empty, "prod")).get().asString()
                .startsWith("QUARKUS_DATASOURCE_REACTIVE_URL is not set");
        assertThat(ProductionChecks.databaseUrlProblem(Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://db/x"), none,
                empty, "prod")).isEmpty();
        Properties url = new Properties();
        url.setProperty("quarkus.datasource.reactive.url", "postgresql://db/x");
        assertThat(ProductionChecks.databaseUrlProblem(Map.of(), url, empty, "prod")).isEmpty();
        assertThat(ProductionChecks.databaseUrlProblem(Map.of("QUARKUS_PROFILE", "dev"), none, empty, "prod")).isEmpty();
        // Dev mode (its launch mode's default profile) needs no URL: the embedded database serves it.
        assertThat(ProductionChecks.databaseUrlProblem(Map.of(), none, empty, "dev")).isEmpty();
    }
}
