package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
@TestProfile(DeliveryProfile.class)
class DeliveryEngineTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static Response createWebhook(Tenant tenant, String url, List<String> events) {
        return tenant.api().body(Map.of("url", url, "events", events)).post("/api/webhooks")
                .then().statusCode(201).extract().response();
    }

    private static List<Map<String, Object>> deliveries(Tenant tenant, String webhookId) {
        return tenant.api().queryParam("webhook_id", webhookId).get("/api/webhooks/deliveries")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static Map<String, Object> onlyDelivery(Tenant tenant, String webhookId) {
        List<Map<String, Object>> list = deliveries(tenant, webhookId);
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private static byte[] hmac(byte[] key, byte[] message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }

    @Test
    void deliversSignedEventOnlyToActiveSubscribedWebhooks() throws Exception {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        Response hook = createWebhook(tenant, url, List.of("lookup.completed"));
        String otherEvent = HttpsReceiver.url("ok");
        createWebhook(tenant, otherEvent, List.of("credits.low"));
        String paused = HttpsReceiver.url("ok");
        tenant.api().body(Map.of("url", paused, "events", List.of("lookup.completed"), "is_active", false))
                .post("/api/webhooks").then().statusCode(201);

        Events.post("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"lookup.completed\","
                + "\"data\":{ \"email\" : \"satya@microsoft.com\", \"score\": 1.10 },\"created_at\":\"2026-05-02T12:00:00Z\"}")
                .statusCode(202).body("deliveries", equalTo(1));

        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() == 1);
        HttpsReceiver.Received received = HttpsReceiver.receivedAt(url).get(0);
        String body = new String(received.body(), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo("{\"event\":\"lookup.completed\",\"data\":{\"email\":\"satya@microsoft.com\","
                + "\"score\":1.10},\"created_at\":\"2026-05-02T12:00:00Z\"}");

        String secret = hook.path("secret");
        var headers = received.headers();
        assertThat(headers.get("Content-Type")).isEqualTo("application/json");
        assertThat(headers.get("User-Agent")).startsWith("Encrata-Webhooks/");
        assertThat(headers.get("X-Encrata-Event")).isEqualTo("lookup.completed");
        assertThat(headers.get("X-Encrata-Signature")).isEqualTo(
                HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), received.body())));
        String id = headers.get("webhook-id");
        assertThat(headers.get("X-Encrata-Delivery")).isEqualTo(id);
        long timestamp = Long.parseLong(headers.get("webhook-timestamp"));
        assertThat(timestamp).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(30L));
        byte[] signed = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        assertThat(headers.get("webhook-signature")).isEqualTo("v1," + Base64.getEncoder()
                .encodeToString(hmac(Base64.getDecoder().decode(secret.substring(6)), signed)));

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> delivery = onlyDelivery(tenant, hook.path("id"));
            assertThat(delivery).containsEntry("status", "success").containsEntry("attempts", 1)
                    .containsEntry("response_status", 200).containsEntry("response_body", "ok")
                    .containsEntry("error", null).containsEntry("next_attempt_at", null)
                    .containsEntry("id", id).containsEntry("event_type", "lookup.completed");
            assertThat(delivery.keySet()).containsExactlyInAnyOrder("id", "webhook_id", "event_type", "payload",
                    "status", "attempts", "response_status", "response_body", "last_attempt_at", "next_attempt_at",
                    "error", "created_at");
            assertThat((Map<String, Object>) delivery.get("payload")).containsEntry("event", "lookup.completed");
        });
        assertThat(HttpsReceiver.receivedAt(otherEvent)).isEmpty();
        assertThat(HttpsReceiver.receivedAt(paused)).isEmpty();
    }

    @Test
    void aSuccessIsRememberedOnItsWebhookToWithinAMinute() {
        Tenant tenant = Tenant.create();
        // A first delivery to the receiver, so that the measured ones do not pay for a cold connection.
        String warm = HttpsReceiver.url("ok");
        createWebhook(tenant, warm, List.of("lookup.completed"));
        Events.lookupCompleted(tenant, "{\"email\":\"warm@example.com\"}").statusCode(202);
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(warm).size() == 1);

        String stale = HttpsReceiver.url("ok");
        String recent = HttpsReceiver.url("ok");
        String staleId = createWebhook(tenant, stale, List.of("credits.low")).path("id");
        String recentId = createWebhook(tenant, recent, List.of("credits.low")).path("id");
        // The last success the deactivation rule goes by: two days ago for one, 30 s ago for the other.
        Database.update("UPDATE webhooks SET last_success_at = now() - interval '2 days' WHERE id = ?::uuid", staleId);
        Database.update("UPDATE webhooks SET last_success_at = now() - interval '30 seconds' WHERE id = ?::uuid", recentId);

        Events.post("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"credits.low\",\"data\":{}}")
                .statusCode(202);
        await().atMost(WAIT).until(() -> deliveries(tenant, staleId).size() == 1 && deliveries(tenant, recentId).size() == 1
                && !"pending".equals(deliveries(tenant, staleId).get(0).get("status"))
                && !"pending".equals(deliveries(tenant, recentId).get(0).get("status")));
        for (String id : List.of(staleId, recentId)) {
            assertThat(deliveries(tenant, id).get(0)).containsEntry("status", "success").containsEntry("attempts", 1);
        }

        assertThat(secondsSinceLastSuccess(staleId)).isLessThan(60);
        assertThat(secondsSinceLastSuccess(recentId)).as("not written again within the minute").isGreaterThanOrEqualTo(30);
    }

    private static double secondsSinceLastSuccess(String webhookId) {
        return ((Number) Database.query("SELECT extract(epoch FROM now() - last_success_at) AS s FROM webhooks WHERE id = ?::uuid",
                webhookId).get(0).get("s")).doubleValue();
    }

    @Test
    void anEventsEnvelopeIsStoredOnceHoweverManyWebhooksItFansOutTo() {
        Tenant tenant = Tenant.create();
        String first = HttpsReceiver.url("ok");
        String second = HttpsReceiver.url("ok");
        String firstId = createWebhook(tenant, first, List.of("lookup.completed")).path("id");
        createWebhook(tenant, second, List.of("lookup.completed"));

        Events.lookupCompleted(tenant, "{\"email\":\"once@example.com\"}").statusCode(202).body("deliveries", equalTo(2));

        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(first).size() == 1
                && HttpsReceiver.receivedAt(second).size() == 1);
        String sent = new String(HttpsReceiver.receivedAt(first).get(0).body(), StandardCharsets.UTF_8);
        assertThat(new String(HttpsReceiver.receivedAt(second).get(0).body(), StandardCharsets.UTF_8)).isEqualTo(sent);
        await().atMost(WAIT).untilAsserted(() -> assertThat(onlyDelivery(tenant, firstId))
                .containsEntry("status", "success")
                .containsEntry("payload", JsonPath.from(sent).getMap("$")));
        // Both final: in the history, neither with a copy of the envelope.
        await().atMost(WAIT).until(() -> Database.query("""
                SELECT d.id FROM deliveries d JOIN events e ON e.id = d.event_id
                WHERE e.workspace_id = ?::uuid""", tenant.workspaceId()).size() == 2);
        List<Map<String, Object>> stored = Database.query("""
                SELECT d.payload, e.body FROM deliveries d JOIN events e ON e.id = d.event_id
                WHERE e.workspace_id = ?::uuid""", tenant.workspaceId());
        assertThat(stored).hasSize(2).allSatisfy(row -> {
            assertThat(row.get("payload")).isNull();
            assertThat(row.get("body")).isEqualTo(sent);
        });
        // A delivery with neither its own envelope nor an event would have nothing to send or show.
        assertThatThrownBy(() -> Database.update("""
                INSERT INTO delivery_queue (id, webhook_id, event_type, created_at, due_at)
                VALUES (gen_random_uuid(), ?::uuid, 'test', now(), now())""", firstId))
                .hasMessageContaining("delivery_queue_envelope");
        assertThatThrownBy(() -> Database.update("""
                INSERT INTO deliveries (id, webhook_id, event_type, status, attempts, created_at)
                VALUES (gen_random_uuid(), ?::uuid, 'test', 'success', 1, now())""", firstId))
                .hasMessageContaining("deliveries_envelope");
    }

    @Test
    void retriedSignaturesKeepTheRetiredSecretAfterRotation() throws Exception {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        Response hook = createWebhook(tenant, url, List.of("lookup.completed"));
        String oldSecret = hook.path("secret");
        String newSecret = tenant.api().body(Map.of("id", hook.path("id"))).post("/api/webhooks/rotate-secret")
                .then().statusCode(200).extract().path("secret");
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() == 1);
        var received = HttpsReceiver.receivedAt(url).get(0);
        String[] entries = received.headers().get("webhook-signature").split(" ");
        assertThat(entries).hasSize(2);
        byte[] signed = (received.headers().get("webhook-id") + "." + received.headers().get("webhook-timestamp") + "."
                + new String(received.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        assertThat(entries[0]).isEqualTo("v1," + Base64.getEncoder().encodeToString(
                hmac(Base64.getDecoder().decode(newSecret.substring(6)), signed)));
        assertThat(entries[1]).isEqualTo("v1," + Base64.getEncoder().encodeToString(
                hmac(Base64.getDecoder().decode(oldSecret.substring(6)), signed)));
        assertThat(received.headers().get("X-Encrata-Signature")).isEqualTo(
                HexFormat.of().formatHex(hmac(newSecret.getBytes(StandardCharsets.UTF_8), received.body())));
    }

    @Test
    void intakeIsIdempotentOnTheProducerId() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        createWebhook(tenant, url, List.of("credits.low"));
        String event = "{\"id\":\"evt-42\",\"workspace_id\":\"" + tenant.workspaceId()
                + "\",\"event\":\"credits.low\",\"data\":{\"remaining\":10}}";
        Events.post(event).statusCode(202).body("id", equalTo("evt-42")).body("deliveries", equalTo(1));
        Events.post(event).statusCode(202).body("id", equalTo("evt-42")).body("deliveries", equalTo(1));
        Events.post(event.replace("\"remaining\":10", "\"remaining\":11")).statusCode(409);
        Events.post(event.replace("credits.low", "credits.exhausted")).statusCode(409);
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() == 1);
        assertThat(Database.query("SELECT id FROM events WHERE workspace_id = ? AND source_id = 'evt-42'",
                UUID.fromString(tenant.workspaceId()))).hasSize(1);
    }

    @Test
    void intakeValidatesBodyBeforeWorkspace() {
        String unknown = UUID.randomUUID().toString();
        Events.post("{\"workspace_id\":\"" + unknown + "\",\"event\":\"nope\",\"data\":{}}").statusCode(400)
                .body("details[0].field", equalTo("event"));
        Events.post("{\"workspace_id\":\"" + unknown + "\",\"event\":\"credits.low\",\"data\":[]}").statusCode(400)
                .body("details[0].field", equalTo("data"));
        Events.post("{\"workspace_id\":\"" + unknown + "\",\"event\":\"credits.low\",\"data\":{},"
                + "\"created_at\":\"2026-05-02 12:00\"}").statusCode(400).body("details[0].field", equalTo("created_at"));
        Events.post("{\"workspace_id\":\"" + unknown + "\",\"event\":\"credits.low\",\"data\":{}}").statusCode(404);
        io.restassured.RestAssured.given().contentType("application/json").body("{}").post("/internal/events")
                .then().statusCode(401);
        Tenant.admin().body("{}").post("/internal/events").then().statusCode(401);
    }

    @Test
    void retriesServerErrorsUntilSuccess() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("flaky-2");
        String id = createWebhook(tenant, url, List.of("lookup.completed")).path("id");
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(onlyDelivery(tenant, id))
                .containsEntry("status", "success").containsEntry("attempts", 3));
        List<HttpsReceiver.Received> got = HttpsReceiver.receivedAt(url);
        assertThat(got).hasSize(3);
        assertThat(got.stream().map(r -> r.headers().get("webhook-id")).distinct()).hasSize(1);
        assertThat(got.stream().map(r -> new String(r.body())).distinct()).hasSize(1);
        // 300 ms then 600 ms between attempts, each ±20 %.
        assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isBetween(Duration.ofMillis(230), Duration.ofMillis(1500));
        assertThat(Duration.between(got.get(1).at(), got.get(2).at())).isBetween(Duration.ofMillis(470), Duration.ofMillis(2000));
    }

    @Test
    void failsAfterTheLastScheduledAttempt() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("fail");
        String id = createWebhook(tenant, url, List.of("lookup.completed")).path("id");
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(onlyDelivery(tenant, id))
                .containsEntry("status", "failed").containsEntry("attempts", 4)
                .containsEntry("response_status", 500).containsEntry("response_body", "{\"error\":\"boom\"}")
                .containsEntry("error", null).containsEntry("next_attempt_at", null));
        assertThat(HttpsReceiver.receivedAt(url)).hasSize(4);
    }

    @Test
    void goneDeactivatesTheWebhook() {
        Tenant tenant = Tenant.create();
        Response hook = createWebhook(tenant, HttpsReceiver.url("gone"), List.of("lookup.completed"));
        String id = hook.path("id");
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(onlyDelivery(tenant, id))
                .containsEntry("status", "failed").containsEntry("attempts", 1).containsEntry("response_status", 410));
        JsonPath webhook = tenant.api().queryParam("id", id).get("/api/webhooks").then().extract().jsonPath();
        assertThat(webhook.getBoolean("is_active")).isFalse();
        assertThat(webhook.getString("updated_at")).isNotEqualTo(hook.path("updated_at"));
        Events.lookupCompleted(tenant, "{}").statusCode(202).body("deliveries", equalTo(0));
    }

    @Test
    void redirectsAreNotFollowed() {
        Tenant tenant = Tenant.create();
        String id = createWebhook(tenant, HttpsReceiver.url("redirect"), List.of("lookup.completed")).path("id");
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries(tenant, id).get(0))
                .containsEntry("response_status", 302).containsEntry("error", null));
        assertThat((String) deliveries(tenant, id).get(0).get("status")).isNotEqualTo("success");
    }

    @Test
    void recordsTimeoutsRefusedConnectionsAndTlsFailures() {
        Tenant tenant = Tenant.create();
        String slow = createWebhook(tenant, HttpsReceiver.url("slow"), List.of("lookup.completed")).path("id");
        String refused = createWebhook(tenant, "https://localhost:1/hook", List.of("lookup.completed")).path("id");
        String tls = createWebhook(tenant, "https://127.0.0.1:" + HttpsReceiver.port() + "/" + UUID.randomUUID() + "/ok",
                List.of("lookup.completed")).path("id");
        Events.lookupCompleted(tenant, "{}").statusCode(202).body("deliveries", equalTo(3));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(deliveries(tenant, slow).get(0)).containsEntry("error", "timeout").containsEntry("response_status", null);
            assertThat(deliveries(tenant, refused).get(0)).containsEntry("error", "connection refused");
            assertThat(deliveries(tenant, tls).get(0)).containsEntry("error", "tls");
        });
    }

    @Test
    void keepsOnlyTheFirst4KiBOfTheAnswer() {
        Tenant tenant = Tenant.create();
        String id = createWebhook(tenant, HttpsReceiver.url("big"), List.of("lookup.completed")).path("id");
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat((String) onlyDelivery(tenant, id).get("response_body"))
                .hasSize(4096));
    }

    @Test
    void retryAfterSetsAFloorOnTheNextDelay() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ratelimited");
        String id = createWebhook(tenant, url, List.of("lookup.completed")).path("id");
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() >= 2);
        var got = HttpsReceiver.receivedAt(url);
        assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(onlyDelivery(tenant, id).get("response_status")).isEqualTo(429);
    }

    @Test
    void pausingFailsPendingDeliveriesAndDeleteRemovesHistory() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("fail");
        String id = createWebhook(tenant, url, List.of("lookup.completed")).path("id");
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() >= 1);
        tenant.api().body(Map.of("id", id, "url", url, "is_active", false)).put("/api/webhooks").then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> assertThat(onlyDelivery(tenant, id))
                .containsEntry("status", "failed").containsEntry("next_attempt_at", null));
        int received = HttpsReceiver.receivedAt(url).size();
        tenant.api().body(Map.of("id", id)).delete("/api/webhooks").then().statusCode(204);
        assertThat(Database.query("SELECT id FROM deliveries WHERE webhook_id = ?", UUID.fromString(id))).isEmpty();
        assertThat(Database.query("SELECT id FROM delivery_queue WHERE webhook_id = ?", UUID.fromString(id))).isEmpty();
        tenant.api().queryParam("webhook_id", id).get("/api/webhooks/deliveries").then().statusCode(404);
        assertThat(HttpsReceiver.receivedAt(url).size()).isLessThanOrEqualTo(received + 1);
    }

    @Test
    void testEndpointSendsOnceSynchronouslyAndRecordsATestDelivery() throws Exception {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        Response hook = createWebhook(tenant, url, List.of("lookup.completed"));
        String id = hook.path("id");
        tenant.api().body(Map.of("id", id, "url", url, "is_active", false)).put("/api/webhooks").then().statusCode(200);
        Response answer = tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200)
                .body("status", equalTo("sent")).body("url", equalTo(url)).body("status_code", equalTo(200))
                .body("response_body", equalTo("ok")).body("error", equalTo(null)).extract().response();
        var received = HttpsReceiver.receivedAt(url);
        assertThat(received).hasSize(1);
        String body = new String(received.get(0).body(), StandardCharsets.UTF_8);
        assertThat(body).startsWith("{\"event\":\"test\",\"data\":{\"message\":\"This is a test webhook from Encrata\"},\"created_at\":\"");
        assertThat((String) answer.path("signature")).isEqualTo(HexFormat.of().formatHex(
                hmac(((String) hook.path("secret")).getBytes(StandardCharsets.UTF_8), received.get(0).body())));
        assertThat(onlyDelivery(tenant, id)).containsEntry("event_type", "test").containsEntry("status", "success")
                .containsEntry("attempts", 1);
    }

    @Test
    void testEndpointReportsFailuresAndNeverDeactivates() {
        Tenant tenant = Tenant.create();
        String id = createWebhook(tenant, HttpsReceiver.url("gone"), List.of("lookup.completed")).path("id");
        tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200)
                .body("status", equalTo("failed")).body("status_code", equalTo(410)).body("error", equalTo(null));
        tenant.api().queryParam("id", id).get("/api/webhooks").then().body("is_active", equalTo(true));
        String refused = createWebhook(tenant, "https://localhost:1/x", List.of("lookup.completed")).path("id");
        tenant.api().body(Map.of("id", refused)).post("/api/webhooks/test").then().statusCode(200)
                .body("status", equalTo("failed")).body("status_code", equalTo(null))
                .body("response_body", equalTo(null)).body("error", equalTo("connection refused"));
        tenant.api().body(Map.of("id", UUID.randomUUID().toString())).post("/api/webhooks/test").then().statusCode(404);
    }

    @Test
    void redeliverMakesOneManualAttempt() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("gone");
        String id = createWebhook(tenant, HttpsReceiver.url("ok"), List.of("lookup.completed")).path("id");
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(onlyDelivery(tenant, id)).containsEntry("status", "success"));
        String deliveryId = (String) onlyDelivery(tenant, id).get("id");
        tenant.api().body(Map.of("id", deliveryId)).post("/api/webhooks/deliveries/retry").then().statusCode(202)
                .body("id", equalTo(deliveryId)).body("status", equalTo("pending"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(onlyDelivery(tenant, id))
                .containsEntry("status", "success").containsEntry("attempts", 2));
        tenant.api().body(Map.of("id", UUID.randomUUID().toString())).post("/api/webhooks/deliveries/retry")
                .then().statusCode(404);
        Tenant.create().api().body(Map.of("id", deliveryId)).post("/api/webhooks/deliveries/retry").then().statusCode(404);
        assertThat(url).isNotBlank();
    }

    @Test
    void redeliverAndRecoverRefusePausedWebhooks() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        String id = createWebhook(tenant, url, List.of("lookup.completed")).path("id");
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(onlyDelivery(tenant, id)).containsEntry("status", "success"));
        String deliveryId = (String) onlyDelivery(tenant, id).get("id");
        tenant.api().body(Map.of("id", id, "url", url, "is_active", false)).put("/api/webhooks").then().statusCode(200);
        tenant.api().body(Map.of("id", deliveryId)).post("/api/webhooks/deliveries/retry").then().statusCode(409);
        tenant.api().body(Map.of("id", id, "since", "2020-01-01T00:00:00Z")).post("/api/webhooks/recover")
                .then().statusCode(409);
    }

    @Test
    void recoverRequeuesFailedDeliveriesSince() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("flaky-4");
        String id = createWebhook(tenant, url, List.of("lookup.completed")).path("id");
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(onlyDelivery(tenant, id)).containsEntry("status", "failed"));
        tenant.api().body(Map.of("id", id, "since", "2999-01-01T00:00:00Z")).post("/api/webhooks/recover")
                .then().statusCode(202).body("requeued", equalTo(0));
        tenant.api().body(Map.of("id", id, "since", "2020-01-01T00:00:00+02:00")).post("/api/webhooks/recover")
                .then().statusCode(202).body("requeued", equalTo(1));
        await().atMost(WAIT).untilAsserted(() -> assertThat(onlyDelivery(tenant, id))
                .containsEntry("status", "success").containsEntry("attempts", 5));
        tenant.api().body(Map.of("id", id, "since", "yesterday")).post("/api/webhooks/recover").then().statusCode(400);
        tenant.api().body(Map.of("id", id, "since", "+100000-01-01T00:00:00Z")).post("/api/webhooks/recover")
                .then().statusCode(400).body("details[0].field", equalTo("since"));
    }

    @Test
    void deliveryLogValidatesItsQuery() {
        Tenant tenant = Tenant.create();
        String id = createWebhook(tenant, HttpsReceiver.url("ok"), List.of("lookup.completed")).path("id");
        for (String limit : List.of("0", "101", "abc", "-1", "1.5")) {
            tenant.api().queryParam("webhook_id", id).queryParam("limit", limit).get("/api/webhooks/deliveries")
                    .then().statusCode(400).body("details[0].field", equalTo("limit"));
        }
        tenant.api().queryParam("webhook_id", id).queryParam("status", "done").get("/api/webhooks/deliveries")
                .then().statusCode(400);
        tenant.api().get("/api/webhooks/deliveries").then().statusCode(400);
        tenant.api().queryParam("webhook_id", id).queryParam("limit", "100").queryParam("status", "pending")
                .get("/api/webhooks/deliveries").then().statusCode(200);
        Tenant.create().api().queryParam("webhook_id", id).get("/api/webhooks/deliveries").then().statusCode(404);
    }

    /**
     * A delivery held by a crashed instance: claimed by it, or handed over to it at intake (leased, and
     * out of the due index, as intake inserts it). Nobody else may send it while its lease runs; once
     * that has passed it is taken over and sent once.
     */
    @ParameterizedTest(name = "handed over at intake: {0}")
    @ValueSource(booleans = {false, true})
    void expiredLeaseOfACrashedInstanceIsReclaimedAndSentOnce(boolean handedOver) {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        String id = createWebhook(tenant, url, List.of("credits.low")).path("id");
        UUID deliveryId = UUID.randomUUID();
        Database.update("INSERT INTO delivery_queue (id, webhook_id, event_type, payload, created_at, due_at, leased_until,"
                + " lease_token, handed) VALUES (?, ?, 'credits.low', '{\"event\":\"credits.low\"}', now(), now(),"
                + " now() + interval '1 hour', ?, ?)", deliveryId, UUID.fromString(id), UUID.randomUUID(), handedOver);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> HttpsReceiver.receivedAt(url).isEmpty());
        Database.update("UPDATE delivery_queue SET leased_until = now() - interval '1 second' WHERE id = ?", deliveryId);
        await().atMost(WAIT).untilAsserted(() -> assertThat(onlyDelivery(tenant, id)).containsEntry("status", "success"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> HttpsReceiver.receivedAt(url).size() == 1);
    }

    @Test
    void exposesDeliveryMetrics() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        createWebhook(tenant, url, List.of("lookup.completed"));
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() == 1);
        await().atMost(WAIT).untilAsserted(() -> {
            String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).contains("encrata_delivery_attempts_total{outcome=\"success\"}",
                    "encrata_delivery_attempt_duration_seconds_bucket", "encrata_delivery_pending",
                    "encrata_delivery_claim_to_send_seconds_count", "encrata_delivery_claim_lag_seconds_count");
            assertThat(metrics).doesNotContain(tenant.workspaceId()).doesNotContain("localhost:" + HttpsReceiver.port());
        });
    }
}
