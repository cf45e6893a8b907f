package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.OtlpCollector;
import com.encrata.webhooks.support.OtlpCollector.Exported;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** Tracing on, exporting over OTLP/HTTP to a collector in the test, with traceparent on deliveries. */
@QuarkusTest
@TestProfile(TracingTest.Tracing.class)
class TracingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The engine's test settings, the SDK on, spans exported every 100 ms, traceparent sent. */
    public static class Tracing implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new DeliveryProfile().getConfigOverrides());
            config.put("quarkus.otel.sdk.disabled", "false");
            config.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
            config.put("quarkus.otel.bsp.schedule.delay", "100ms");
            config.put("encrata.delivery.traceparent", "true");
            // A loaded test machine must not turn the receiver's answers into timeouts.
            config.put("encrata.delivery.timeout", "5s");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OtlpCollector.class));
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static String pathOf(String url) {
        return url.substring(url.indexOf('/', "https://".length()));
    }

    private static List<Exported> attempts(String deliveryId) {
        return OtlpCollector.spans().stream()
                .filter(s -> DeliveryTracing.SPAN_NAME.equals(s.name()))
                .filter(s -> deliveryId.equals(s.attribute("encrata.delivery.id")))
                .sorted(Comparator.comparing(s -> Long.parseLong(s.attribute("encrata.delivery.attempt"))))
                .toList();
    }

    @Test
    void everyAttemptLinksToTheIntakeTraceAcrossRetryAndRedelivery() {
        Tenant tenant = Tenant.create();
        String receiver = HttpsReceiver.url("flaky-1");
        Response hook = tenant.api().body(Map.of("url", receiver + "?token=query-secret-5512",
                "events", List.of("lookup.completed"),
                "headers", Map.of("X-Tenant-Tag", "header-value-8841"),
                "auth", Map.of("type", "bearer", "token", "bearer-token-3390")))
                .post("/api/webhooks").then().statusCode(201).extract().response();
        String webhookId = hook.path("id");

        String traceId = hex(16);
        String producerSpan = hex(8);
        Events.internal().header("traceparent", "00-" + traceId + "-" + producerSpan + "-01")
                .body("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"lookup.completed\","
                        + "\"data\":{\"email\":\"payload-person-7731@example.org\"}}")
                .post("/internal/events").then().statusCode(202);

        // 503, then a retry that succeeds; then a redelivery through the API.
        String path = pathOf(receiver);
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt("https://x" + path).size() == 2);
        String deliveryId = HttpsReceiver.receivedAt("https://x" + path).get(0).headers().get("webhook-id");
        await().atMost(WAIT).untilAsserted(() -> tenant.api().queryParam("webhook_id", webhookId)
                .get("/api/webhooks/deliveries").then().statusCode(200).body("[0].status", equalTo("success")));
        tenant.api().body(Map.of("id", deliveryId)).post("/api/webhooks/deliveries/retry").then().statusCode(202);
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt("https://x" + path).size() == 3);
        await().atMost(WAIT).until(() -> attempts(deliveryId).stream()
                .anyMatch(s -> "true".equals(s.attribute("encrata.delivery.manual"))));

        // The intake request's server span, a child of the producer's span, in the producer's trace.
        Exported intake = OtlpCollector.spans().stream()
                .filter(s -> s.traceId().equals(traceId) && "SPAN_KIND_SERVER".equals(s.kind()))
                .findFirst().orElseThrow();
        assertThat(intake.parentSpanId()).isEqualTo(producerSpan);
        assertThat(intake.attribute("http.route")).isEqualTo("/internal/events");
        // Its intake statement has a database span in the same trace; statements outside a trace have none.
        assertThat(OtlpCollector.spans()).anySatisfy(s -> {
            assertThat(s.traceId()).isEqualTo(traceId);
            assertThat(s.kind()).isEqualTo("SPAN_KIND_CLIENT");
            assertThat(s.attribute("db.statement")).contains("INSERT INTO events");
        });
        assertThat(OtlpCollector.spans())
                .noneMatch(s -> s.parentSpanId().isEmpty() && s.attribute("db.system") != null);

        // Every attempt (the 503, the retry, the redelivery) has a trace of its own linked to the intake.
        List<Exported> attempts = attempts(deliveryId);
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(3).allSatisfy(attempt -> {
            assertThat(attempt.kind()).isEqualTo("SPAN_KIND_CLIENT");
            assertThat(attempt.parentSpanId()).isEmpty();
            assertThat(attempt.traceId()).isNotEqualTo(traceId);
            assertThat(attempt.links()).containsExactly(new OtlpCollector.Link(traceId, intake.spanId()));
            assertThat(attempt.attributes()).containsEntry("encrata.webhook.id", webhookId)
                    .containsEntry("encrata.event.type", "lookup.completed")
                    .containsEntry("http.request.method", "POST")
                    .containsEntry("server.address", "localhost")
                    .containsEntry("server.port", Integer.toString(HttpsReceiver.port()));
        });
        assertThat(attempts).extracting(s -> s.attribute("encrata.delivery.attempt"))
                .startsWith("1", "2").doesNotHaveDuplicates();
        // Each request the receiver got named its attempt's span in traceparent.
        List<HttpsReceiver.Received> received = HttpsReceiver.receivedAt("https://x" + path);
        List<Exported> sent = received.stream().map(r -> r.headers().get("traceparent")).map(header -> attempts.stream()
                .filter(a -> header.equals("00-" + a.traceId() + "-" + a.spanId() + "-01"))
                .findFirst().orElseThrow(() -> new AssertionError("no attempt span for " + header)))
                .toList();
        assertThat(sent.get(0).attributes()).containsEntry("http.response.status_code", "503")
                .containsEntry("error.type", "503");
        assertThat(sent.get(0).status()).isEqualTo("STATUS_CODE_ERROR");
        assertThat(sent.get(1).attributes()).containsEntry("http.response.status_code", "200")
                .containsEntry("encrata.delivery.manual", "false").doesNotContainKey("error.type");
        assertThat(sent.get(1).status()).isNotEqualTo("STATUS_CODE_ERROR");
        assertThat(sent.get(2).attributes()).containsEntry("http.response.status_code", "200")
                .containsEntry("encrata.delivery.manual", "true");

        // Nothing exported carries the URL's query, a header value, a secret, a token or the payload.
        List<String> exported = OtlpCollector.spans().stream().flatMap(s -> s.texts().stream()).toList();
        assertThat(exported).isNotEmpty().allSatisfy(text -> assertThat(text)
                .doesNotContain("query-secret-5512")
                .doesNotContain("header-value-8841")
                .doesNotContain("bearer-token-3390")
                .doesNotContain("payload-person-7731")
                .doesNotContain(((String) hook.path("secret")).substring(6))
                .doesNotContain(tenant.key().substring(9))
                .doesNotContain(Events.INTERNAL_TOKEN)
                .doesNotContain(Tenant.ADMIN_TOKEN)
                .doesNotContain("ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE="));
    }

    @Test
    void aTestSendIsAnAttemptSpanInItsRequestsTrace() {
        Tenant tenant = Tenant.create();
        String receiver = HttpsReceiver.url("ok");
        String webhookId = tenant.api().body(Map.of("url", receiver, "events", List.of("lookup.completed")))
                .post("/api/webhooks").then().statusCode(201).extract().path("id");
        String traceId = hex(16);
        tenant.api().header("traceparent", "00-" + traceId + "-" + hex(8) + "-01").body(Map.of("id", webhookId))
                .post("/api/webhooks/test").then().statusCode(200).body("status", equalTo("sent"));

        await().atMost(WAIT).until(() -> OtlpCollector.spans().stream()
                .anyMatch(s -> s.traceId().equals(traceId) && DeliveryTracing.SPAN_NAME.equals(s.name())));
        Exported attempt = OtlpCollector.spans().stream()
                .filter(s -> s.traceId().equals(traceId) && DeliveryTracing.SPAN_NAME.equals(s.name()))
                .findFirst().orElseThrow();
        assertThat(attempt.parentSpanId()).isNotEmpty();
        assertThat(attempt.attributes()).containsEntry("encrata.webhook.id", webhookId)
                .containsEntry("encrata.event.type", "test").containsEntry("http.response.status_code", "200");
        assertThat(HttpsReceiver.receivedAt(receiver).get(0).headers().get("traceparent"))
                .isEqualTo("00-" + traceId + "-" + attempt.spanId() + "-01");
        assertThat(UUID.fromString(attempt.attribute("encrata.delivery.id"))).isNotNull();
    }
}
