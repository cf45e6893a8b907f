package com.encrata.webhooks.delivery.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@TestProfile(DeliveryProfile.class)
class WebhookStatsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void countsScheduledAttemptsOutcomesAndLatencyPerWebhook() {
        Tenant tenant = Tenant.create();
        String ok = Webhooks.id(tenant, HttpsReceiver.url("ok"), "lookup.completed");
        String failing = Webhooks.id(tenant, HttpsReceiver.url("fail"), "lookup.completed");
        for (int i = 0; i < 3; i++) {
            Events.lookupCompleted(tenant, "{\"n\":" + i + "}").statusCode(202);
        }
        // A test send is not a scheduled attempt: it must not count.
        tenant.api().body(Map.of("id", ok)).post("/api/webhooks/test").then().statusCode(200);
        // 3 deliveries to the failing one, each tried 4 times (a schedule of 3 retries) and failed.
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(stats(tenant, failing).getInt("attempts")).isEqualTo(12);
            assertThat(stats(tenant, ok).getInt("succeeded")).isEqualTo(3);
        });

        JsonPath good = stats(tenant, ok);
        // On a loaded machine an attempt may miss the test profile's 1 s deadline and be retried.
        int attempts = good.getInt("attempts");
        assertThat(attempts).isEqualTo(3 + good.getInt("failed"));
        assertThat(good.getDouble("success_rate")).isEqualTo(3.0 / attempts);
        assertThat(good.getInt("latency_p50_ms")).isPositive();
        assertThat(good.getInt("latency_p95_ms")).isGreaterThanOrEqualTo(good.getInt("latency_p50_ms"));
        // Milliseconds, like every time the API returns (SPEC §1).
        assertThat(good.getString("last_success_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z");
        assertThat(good.getInt("window_hours")).isEqualTo(24);
        assertThat(good.getInt("pending")).isZero();
        assertThat(good.getMap("deactivated")).isNull();

        JsonPath bad = stats(tenant, failing);
        assertThat(bad.getInt("succeeded")).isZero();
        assertThat(bad.getInt("failed")).isEqualTo(12);
        assertThat(bad.getDouble("success_rate")).isEqualTo(0.0);
        assertThat(bad.getString("last_failure_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z");
    }

    @Test
    void listsEveryWebhookInListOrderWithExactlyTheDocumentedFields() {
        Tenant tenant = Tenant.create();
        String first = Webhooks.id(tenant, Webhooks.uniqueUrl(), "credits.low");
        String second = Webhooks.id(tenant, Webhooks.uniqueUrl(), "credits.low");
        List<Map<String, Object>> all = tenant.api().get("/api/webhooks/stats").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(all).extracting(s -> s.get("webhook_id")).containsExactly(second, first);
        assertThat(all.get(0).keySet()).containsExactlyInAnyOrder("webhook_id", "window_hours", "attempts", "succeeded",
                "failed", "success_rate", "latency_p50_ms", "latency_p95_ms", "last_success_at", "last_failure_at",
                "pending", "deactivated");
        assertThat(all.get(0)).containsEntry("attempts", 0).containsEntry("success_rate", null)
                .containsEntry("latency_p50_ms", null);
    }

    @Test
    void saysWhyAndSinceWhenAWebhookIsInactive() {
        Tenant tenant = Tenant.create();
        String paused = Webhooks.id(tenant, Webhooks.uniqueUrl(), "credits.low");
        tenant.api().body(Map.of("id", paused, "url", Webhooks.uniqueUrl(), "is_active", false)).put("/api/webhooks")
                .then().statusCode(200);
        String gone = Webhooks.id(tenant, HttpsReceiver.url("gone"), "credits.low");
        Events.post("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"credits.low\",\"data\":{}}")
                .statusCode(202);
        await().atMost(WAIT).until(() -> stats(tenant, gone).getMap("deactivated") != null);

        assertThat(stats(tenant, gone).getString("deactivated.reason")).isEqualTo("gone");
        assertThat(stats(tenant, paused).getString("deactivated.reason")).isEqualTo("paused");
        assertThat(stats(tenant, paused).getString("deactivated.at")).isNotNull();
        // Resuming clears it.
        tenant.api().body(Map.of("id", paused, "url", Webhooks.uniqueUrl(), "is_active", true)).put("/api/webhooks")
                .then().statusCode(200);
        assertThat(stats(tenant, paused).getMap("deactivated")).isNull();
    }

    @Test
    void countsPendingDeliveriesNow() {
        Tenant tenant = Tenant.create();
        String id = Webhooks.id(tenant, Webhooks.uniqueUrl(), "credits.low");
        Database.update("INSERT INTO delivery_queue (id, webhook_id, event_type, payload, created_at, due_at)"
                + " SELECT gen_random_uuid(), ?, 'credits.low', '{}', now(), now() + interval '1 day'"
                + " FROM generate_series(1, 7)", UUID.fromString(id));
        assertThat(stats(tenant, id).getInt("pending")).isEqualTo(7);
    }

    @Test
    void anotherWorkspacesWebhookIsNotFound() {
        String foreign = Webhooks.id(Tenant.create(), Webhooks.uniqueUrl(), "credits.low");
        Tenant.create().api().get("/api/webhooks/stats?id=" + foreign).then().statusCode(404)
                .body("error", equalTo("Webhook not found"));
        Tenant.create().api().get("/api/webhooks/stats?id=nope").then().statusCode(400)
                .body("details[0].field", equalTo("id"));
        Tenant.create().api().get("/api/webhooks/stats").then().statusCode(200).body("size()", equalTo(0))
                .body("[0]", nullValue());
    }

    private static JsonPath stats(Tenant tenant, String id) {
        return tenant.api().get("/api/webhooks/stats?id=" + id).then().statusCode(200).extract().jsonPath();
    }
}
