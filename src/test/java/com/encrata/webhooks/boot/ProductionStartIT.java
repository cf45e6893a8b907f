package com.encrata.webhooks.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.encrata.webhooks.support.PackagedApp;

/** The packaged application refuses a production start without its settings, naming the variable. */
class ProductionStartIT {

    private static final Duration START = Duration.ofSeconds(60);

    @ParameterizedTest
    @CsvSource({"QUARKUS_DATASOURCE_REACTIVE_URL", "ENCRATA_SECRETS_KEY", "ENCRATA_ADMIN_TOKEN", "ENCRATA_INTERNAL_TOKEN"})
    void refusesToStartWithoutARequiredVariable(String variable) throws Exception {
        assertRefused(env -> env.remove(variable), variable);
    }

    @Test
    void refusesAShortToken() throws Exception {
        assertRefused(env -> env.put("ENCRATA_ADMIN_TOKEN", "short"), "ENCRATA_ADMIN_TOKEN must be at least 32 characters");
    }

    @Test
    void refusesEqualTokens() throws Exception {
        assertRefused(env -> env.put("ENCRATA_INTERNAL_TOKEN", PackagedApp.ADMIN_TOKEN),
                "ENCRATA_ADMIN_TOKEN and ENCRATA_INTERNAL_TOKEN must differ");
    }

    @Test
    void refusesADevDefaultToken() throws Exception {
        assertRefused(env -> env.put("ENCRATA_INTERNAL_TOKEN", "dev-internal-token-not-for-production-use"),
                "ENCRATA_INTERNAL_TOKEN is a development default");
    }

    @Test
    void startsWithEverythingSet() throws Exception {
        try (PackagedApp app = PackagedApp.start(PackagedApp.productionEnvironment())) {
            app.awaitReady(START);
        }
    }

    private static void assertRefused(Consumer<Map<String, String>> change, String expected) throws Exception {
        Map<String, String> env = PackagedApp.productionEnvironment();
        change.accept(env);
        try (PackagedApp app = PackagedApp.start(env)) {
            assertThat(app.awaitExit(START)).isNotZero();
            assertThat(app.output()).contains(expected);
        }
    }
}
