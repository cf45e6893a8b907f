package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Deliveries;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The service's operational events (SPEC §11), through the API, a real HTTPS receiver and the
 * database: emitted once per state change, delivered signed to the workspace's other subscribed
 * webhooks and never to the one they are about, refused from producers.
 */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class OperationalEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    private static final List<String> OPERATIONAL = List.of("webhook.failing", "webhook.recovered", "webhook.disabled",
            "delivery.exhausted");

    @Test
    void aFailingStreakIsReportedOnceAndItsEndOnceToTheOtherWebhooksOnly() {
        Tenant tenant = Tenant.create();
        String watcherUrl = HttpsReceiver.url("ok");
        String watcher = Webhooks.id(tenant, watcherUrl, OPERATIONAL.toArray(String[]::new));
        // Seven failed attempts (503), then successes: subscribed to its own alerts, it must never get one.
        String flakyUrl = HttpsReceiver.url("flaky-7");
        String flaky = Webhooks.id(tenant, flakyUrl, "lookup.completed", "webhook.failing", "webhook.recovered",
                "delivery.exhausted");
        Events.lookupCompleted(tenant, "{\"n\":1}").statusCode(202);
        Events.lookupCompleted(tenant, "{\"n\":2}").statusCode(202);

        await().atMost(WAIT).untilAsserted(() -> assertThat(received(watcherUrl)).extracting(e -> e.getString("event"))
                .contains("webhook.recovered"));
        // Two deliveries of four attempts: one failed four times (exhausted), the other succeeded at its fourth.
        await().atMost(WAIT).untilAsserted(() -> assertThat(Deliveries.of(tenant, flaky))
                .extracting(d -> d.get("status")).containsExactlyInAnyOrder("failed", "success"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(received(watcherUrl)).hasSize(3));
        assertThat(storedOperationalEvents(tenant)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "webhook.failing", 1L, "webhook.recovered", 1L, "delivery.exhausted", 1L));

        JsonPath failing = only(watcherUrl, "webhook.failing");
        assertThat(failing.getMap("data")).containsOnlyKeys("webhook_id", "url", "consecutive_failures", "last_error",
                "last_response_status", "failing_since");
        assertThat(failing.getString("data.webhook_id")).isEqualTo(flaky);
        assertThat(failing.getString("data.url")).isEqualTo(flakyUrl);
        assertThat(failing.getInt("data.consecutive_failures")).isEqualTo(5);
        assertThat(failing.getString("data.last_error")).isNull();
        assertThat(failing.getInt("data.last_response_status")).isEqualTo(503);
        assertThat(failing.getString("data.failing_since")).matches(TIME);

        JsonPath recovered = only(watcherUrl, "webhook.recovered");
        assertThat(recovered.getMap("data")).containsOnlyKeys("webhook_id", "url", "failed_for_seconds");
        assertThat(recovered.getString("data.webhook_id")).isEqualTo(flaky);
        assertThat(recovered.getInt("data.failed_for_seconds")).isBetween(0, 30);

        Map<String, Object> failed = Deliveries.of(tenant, flaky).stream().filter(d -> "failed".equals(d.get("status")))
                .findFirst().orElseThrow();
        JsonPath exhausted = only(watcherUrl, "delivery.exhausted");
        assertThat(exhausted.getMap("data")).containsOnlyKeys("webhook_id", "delivery_id", "event_type", "attempts",
                "last_error", "last_response_status");
        assertThat(exhausted.getString("data.webhook_id")).isEqualTo(flaky);
        assertThat(exhausted.getString("data.delivery_id")).isEqualTo(failed.get("id"));
        assertThat(exhausted.getString("data.event_type")).isEqualTo("lookup.completed");
        assertThat(exhausted.getInt("data.attempts")).isEqualTo(4);
        assertThat(exhausted.getInt("data.last_response_status")).isEqualTo(503);

        // Delivered like any event: signed, and in the watcher's log.
        assertThat(HttpsReceiver.receivedAt(watcherUrl)).allSatisfy(r -> {
            assertThat(r.headers().get("X-Encrata-Signature")).isNotBlank();
            assertThat(r.headers().get("webhook-signature")).startsWith("v1,");
        });
        assertThat(Deliveries.of(tenant, watcher)).extracting(d -> d.get("event_type")).containsExactlyInAnyOrder(
                "webhook.failing", "webhook.recovered", "delivery.exhausted");
        // The flaky webhook got only its own events' deliveries, never an alert about itself.
        assertThat(received(flakyUrl)).extracting(e -> e.getString("event")).containsOnly("lookup.completed");
        assertThat(Database.query("SELECT count(*) AS n FROM operational_events WHERE workspace_id = ?",
                UUID.fromString(tenant.workspaceId())).get(0).get("n")).isEqualTo(0L);
        // The streak ended. (The two deliveries keep the same schedule, so their last attempts start at the
        // same moment: whichever is recorded second may count as the first failure of a new streak.)
        assertThat(streak(flaky)).containsEntry("failing_alerted", false);
        assertThat((Integer) streak(flaky).get("consecutive_failures")).isBetween(0, 1);
    }

    @Test
    void aGoneWebhookIsDisabledOnceAndItsDeliveryExhausted() {
        Tenant tenant = Tenant.create();
        String watcherUrl = HttpsReceiver.url("ok");
        Webhooks.id(tenant, watcherUrl, "webhook.disabled", "delivery.exhausted");
        String goneUrl = HttpsReceiver.url("gone");
        String gone = Webhooks.id(tenant, goneUrl, "lookup.completed");
        Events.lookupCompleted(tenant, "{}").statusCode(202);

        await().atMost(WAIT).untilAsserted(() -> assertThat(received(watcherUrl)).hasSize(2));
        JsonPath disabled = only(watcherUrl, "webhook.disabled");
        assertThat(disabled.getMap("data")).containsOnlyKeys("webhook_id", "url", "reason", "at");
        assertThat(disabled.getString("data.webhook_id")).isEqualTo(gone);
        assertThat(disabled.getString("data.url")).isEqualTo(goneUrl);
        assertThat(disabled.getString("data.reason")).isEqualTo("gone");
        assertThat(disabled.getString("data.at")).matches(TIME);
        JsonPath deactivated = tenant.api().queryParam("id", gone).get("/api/webhooks/stats").then().statusCode(200)
                .extract().jsonPath();
        assertThat(deactivated.getString("deactivated.reason")).isEqualTo("gone");
        assertThat(disabled.getString("data.at")).isEqualTo(deactivated.getString("deactivated.at"));

        JsonPath exhausted = only(watcherUrl, "delivery.exhausted");
        assertThat(exhausted.getInt("data.attempts")).isEqualTo(1);
        assertThat(exhausted.getInt("data.last_response_status")).isEqualTo(410);
        assertThat(storedOperationalEvents(tenant)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "webhook.disabled", 1L, "delivery.exhausted", 1L));
    }

    @Test
    void theFailureRuleDisablesWithReasonFailing() {
        Tenant tenant = Tenant.create();
        String watcherUrl = HttpsReceiver.url("ok");
        Webhooks.id(tenant, watcherUrl, "webhook.disabled");
        String failing = Webhooks.id(tenant, HttpsReceiver.url("fail"), "lookup.completed");
        // Created six days ago and never succeeded: its next failure is past the five days of the rule.
        Database.update("UPDATE webhooks SET created_at = now() - interval '6 days' WHERE id = ?", UUID.fromString(failing));
        Events.lookupCompleted(tenant, "{}").statusCode(202);

        await().atMost(WAIT).untilAsserted(() -> assertThat(received(watcherUrl)).hasSize(1));
        JsonPath disabled = only(watcherUrl, "webhook.disabled");
        assertThat(disabled.getString("data.webhook_id")).isEqualTo(failing);
        assertThat(disabled.getString("data.reason")).isEqualTo("failing");
        tenant.api().queryParam("id", failing).get("/api/webhooks/stats").then().statusCode(200)
                .body("deactivated.reason", org.hamcrest.Matchers.equalTo("failing"));
    }

    @Test
    void testSendsRaiseNothingAndARedeliveryIsNotExhaustedAgain() {
        Tenant tenant = Tenant.create();
        String watcherUrl = HttpsReceiver.url("ok");
        Webhooks.id(tenant, watcherUrl, OPERATIONAL.toArray(String[]::new));
        String failing = Webhooks.id(tenant, HttpsReceiver.url("fail"), "lookup.completed");
        for (int i = 0; i < 6; i++) {
            tenant.api().body(Map.of("id", failing)).post("/api/webhooks/test").then().statusCode(200);
        }
        assertThat(streak(failing)).containsEntry("consecutive_failures", 0);

        // One delivery, four failed attempts: exhausted, and a streak of four (not yet failing).
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(lookup(tenant, failing)).containsEntry("status", "failed"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(received(watcherUrl)).extracting(e -> e.getString("event"))
                .containsExactly("delivery.exhausted"));
        assertThat(streak(failing)).containsEntry("consecutive_failures", 4).containsEntry("failing_alerted", false);

        // A redelivery is one more attempt of the streak (the fifth: failing), but the delivery is not exhausted again.
        String deliveryId = (String) lookup(tenant, failing).get("id");
        tenant.api().body(Map.of("id", deliveryId)).post("/api/webhooks/deliveries/retry").then().statusCode(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(received(watcherUrl)).extracting(e -> e.getString("event"))
                .containsExactlyInAnyOrder("delivery.exhausted", "webhook.failing"));
        assertThat(lookup(tenant, failing)).containsEntry("attempts", 5).containsEntry("status", "failed");
        assertThat(storedOperationalEvents(tenant)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "webhook.failing", 1L, "delivery.exhausted", 1L));
        assertThat(streak(failing)).containsEntry("consecutive_failures", 5).containsEntry("failing_alerted", true);
    }

    @Test
    void aFailureWithoutAnAnswerIsReportedWithItsError() {
        Tenant tenant = Tenant.create();
        String watcherUrl = HttpsReceiver.url("ok");
        Webhooks.id(tenant, watcherUrl, "delivery.exhausted", "webhook.disabled");
        // Nothing listens on port 1: every attempt ends in "connection refused", without an answer.
        String refused = Webhooks.id(tenant, "https://localhost:1/hook", "lookup.completed");
        Events.lookupCompleted(tenant, "{}").statusCode(202);

        await().atMost(WAIT).untilAsserted(() -> assertThat(received(watcherUrl)).hasSize(1));
        JsonPath exhausted = only(watcherUrl, "delivery.exhausted");
        assertThat(exhausted.getString("data.webhook_id")).isEqualTo(refused);
        assertThat(exhausted.getInt("data.attempts")).isEqualTo(4);
        assertThat(exhausted.getString("data.last_error")).isEqualTo("connection refused");
        assertThat(exhausted.getMap("data")).containsEntry("last_response_status", null);
        assertThat(streak(refused)).containsEntry("consecutive_failures", 4);
    }

    @Test
    void producersCannotSendOperationalEvents() {
        Tenant tenant = Tenant.create();
        for (String name : OPERATIONAL) {
            Events.post("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"" + name + "\",\"data\":{}}")
                    .statusCode(400).body("details[0].field", org.hamcrest.Matchers.equalTo("event"))
                    .body("details[0].message", containsString("come from the service only"));
        }
        assertThat(storedOperationalEvents(tenant)).isEmpty();
    }

    @Test
    void anEventLeftRecordedByADeadInstanceIsFannedOutOnceByTheSweep() {
        Tenant tenant = Tenant.create();
        String watcherUrl = HttpsReceiver.url("ok");
        Webhooks.id(tenant, watcherUrl, "webhook.failing");
        String aboutUrl = HttpsReceiver.url("ok");
        String about = Webhooks.id(tenant, aboutUrl, "webhook.failing");
        // As the outcome statement records it, committed by an instance that died before fanning it out.
        UUID id = UUID.randomUUID();
        Database.update("""
                INSERT INTO operational_events (id, workspace_id, webhook_id, event_type, data, created_at)
                VALUES (?, ?, ?, 'webhook.failing', ?, now() - interval '1 minute')""", id,
                UUID.fromString(tenant.workspaceId()), UUID.fromString(about),
                "{\"webhook_id\" : \"" + about + "\", \"url\" : \"" + aboutUrl + "\", \"consecutive_failures\" : 5}");

        await().atMost(WAIT).untilAsserted(() -> assertThat(received(watcherUrl)).hasSize(1));
        JsonPath event = only(watcherUrl, "webhook.failing");
        assertThat(event.getString("data.webhook_id")).isEqualTo(about);
        assertThat(new String(HttpsReceiver.receivedAt(watcherUrl).get(0).body(), StandardCharsets.UTF_8))
                .contains("\"data\":{\"webhook_id\":\"" + about + "\",\"url\":");
        assertThat(Database.query("SELECT count(*) AS n FROM events WHERE id = ?", id).get(0).get("n")).isEqualTo(1L);
        assertThat(Database.query("SELECT count(*) AS n FROM operational_events WHERE id = ?", id).get(0).get("n"))
                .isEqualTo(0L);
        assertThat(HttpsReceiver.receivedAt(aboutUrl)).isEmpty();
    }

    private static List<JsonPath> received(String url) {
        return HttpsReceiver.receivedAt(url).stream().map(r -> JsonPath.from(new String(r.body(), StandardCharsets.UTF_8)))
                .toList();
    }

    private static JsonPath only(String url, String event) {
        List<JsonPath> matching = received(url).stream().filter(e -> event.equals(e.getString("event"))).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    /** The webhook's one delivery of lookup.completed (its test sends left out). */
    private static Map<String, Object> lookup(Tenant tenant, String webhookId) {
        List<Map<String, Object>> lookups = Deliveries.of(tenant, webhookId).stream()
                .filter(d -> "lookup.completed".equals(d.get("event_type"))).toList();
        assertThat(lookups).hasSize(1);
        return lookups.get(0);
    }

    private static Map<String, Long> storedOperationalEvents(Tenant tenant) {
        Map<String, Long> counts = new java.util.HashMap<>();
        Database.query("SELECT event_type, count(*) AS n FROM events WHERE workspace_id = ? AND event_type LIKE ANY "
                + "(ARRAY['webhook.%', 'delivery.%']) GROUP BY event_type", UUID.fromString(tenant.workspaceId()))
                .forEach(row -> counts.put((String) row.get("event_type"), (Long) row.get("n")));
        Database.query("SELECT event_type, count(*) AS n FROM operational_events WHERE workspace_id = ? GROUP BY event_type",
                UUID.fromString(tenant.workspaceId()))
                .forEach(row -> counts.merge((String) row.get("event_type"), (Long) row.get("n"), Long::sum));
        return counts;
    }

    private static Map<String, Object> streak(String webhookId) {
        return Database.query("SELECT consecutive_failures, failing_alerted FROM webhooks WHERE id = ?",
                UUID.fromString(webhookId)).get(0);
    }
}
