package com.encrata.webhooks.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

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
}
