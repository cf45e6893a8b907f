package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.CapturedLogs;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.OtlpCollector;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Tracing on, but the collector's port refuses connections: deliveries go on as if it were not there. */
@QuarkusTest
@TestProfile(UnreachableCollectorTest.CollectorDown.class)
class UnreachableCollectorTest {

    /** The SDK on, exporting every 100 ms to a closed port; traceparent left at its default (off). */
    public static class CollectorDown implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new DeliveryProfile().getConfigOverrides());
            config.put("quarkus.otel.sdk.disabled", "false");
            config.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
            config.put("quarkus.otel.bsp.schedule.delay", "100ms");
            // A loaded test machine must not turn the receiver's answers into timeouts.
            config.put("encrata.delivery.timeout", "5s");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OtlpCollector.class, Map.of("closed", "true")));
        }
    }

    private CapturedLogs logs;

    @BeforeEach
    void capture() {
        logs = CapturedLogs.start();
    }

    @AfterEach
    void release() {
        logs.close();
    }

    private List<LogRecord> exporterLines() {
        return logs.records().stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
                && r.getLoggerName() != null && r.getLoggerName().contains("opentelemetry")).toList();
    }

    @Test
    void deliveriesGoOnAndTheExporterLogsOnlyAFewLines() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        Webhooks.create(tenant, url, List.of("lookup.completed")).then().statusCode(201);
        int events = 40;
        for (int i = 0; i < events; i++) {
            Events.lookupCompleted(tenant, "{\"n\":" + i + "}").statusCode(202);
        }

        // Every delivery arrives, spans or not.
        await().atMost(Duration.ofSeconds(30)).until(() -> HttpsReceiver.receivedAt(url).stream()
                .map(r -> r.headers().get("webhook-id")).distinct().count() == events);
        assertThat(HttpsReceiver.receivedAt(url)).allSatisfy(r -> assertThat(r.headers().get("traceparent")).isNull());
        // The exports failed (the exporter says so), but throttled: a few lines, not one per batch or span.
        await().atMost(Duration.ofSeconds(30)).until(() -> exporterLines().size() > 0);
        assertThat(exporterLines()).hasSizeLessThanOrEqualTo(12);
        assertThat(logs.records()).noneMatch(r -> r.getLoggerName() != null && r.getLoggerName().startsWith("com.encrata")
                && r.getLevel().intValue() >= Level.WARNING.intValue());
        assertThat(OtlpCollector.requests()).isZero();
    }
}
