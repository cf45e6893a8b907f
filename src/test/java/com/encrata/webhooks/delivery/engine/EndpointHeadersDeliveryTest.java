package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Ciphers;
import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Deliveries;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A webhook's own headers and its basic or bearer credentials (SPEC §10) reach the receiver on every
 * kind of attempt: scheduled, manual redelivery, recover and the test endpoint.
 */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class EndpointHeadersDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Map<String, String> HEADERS = Map.of("X-Env", "staging", "X-Tenant-Id", "t-42 / eu");

    private static String webhook(Tenant tenant, String url, Map<String, ?> auth) {
        return tenant.api().body(Map.of("url", url, "events", List.of("credits.low"), "headers", HEADERS, "auth", auth))
                .post("/api/webhooks").then().statusCode(201).extract().path("id");
    }

    private static void creditsLow(Tenant tenant) {
        Events.post("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"credits.low\",\"data\":{}}")
                .statusCode(202);
    }

    private static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicCredentialsAndHeadersGoWithScheduledManualAndTestAttempts() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        String password = "pä$$-" + UUID.randomUUID();
        String id = webhook(tenant, url, Map.of("type", "basic", "username", "hooks", "password", password));

        creditsLow(tenant);
        await().atMost(WAIT).untilAsserted(() -> assertThat(Deliveries.only(tenant, id)).containsEntry("status", "success"));
        Map<String, Object> scheduled = Deliveries.only(tenant, id);
        int attempts = (Integer) scheduled.get("attempts");
        int sent = HttpsReceiver.receivedAt(url).size();
        tenant.api().body(Map.of("id", scheduled.get("id"))).post("/api/webhooks/deliveries/retry").then().statusCode(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(Deliveries.only(tenant, id))
                .containsEntry("attempts", attempts + 1).containsEntry("status", "success"));
        tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200)
                .body("status", equalTo("sent"));

        List<HttpsReceiver.Received> received = HttpsReceiver.receivedAt(url);
        assertThat(received).hasSize(sent + 2).allSatisfy(r -> {
            assertThat(r.headers().get("Authorization")).isEqualTo(basic("hooks", password));
            assertThat(r.headers().get("X-Env")).isEqualTo("staging");
            assertThat(r.headers().get("X-Tenant-Id")).isEqualTo("t-42 / eu");
            assertThat(r.headers().get("X-Encrata-Signature")).isNotBlank();
        });
    }

    @Test
    void bearerCredentialsAndHeadersGoWithRecoveredAttempts() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("flaky-4");
        String token = "tok_" + UUID.randomUUID();
        String id = webhook(tenant, url, Map.of("type", "bearer", "token", token));
        creditsLow(tenant);
        await().atMost(WAIT).untilAsserted(() -> assertThat(Deliveries.only(tenant, id)).containsEntry("status", "failed"));
        tenant.api().body(Map.of("id", id, "since", "2020-01-01T00:00:00Z")).post("/api/webhooks/recover")
                .then().statusCode(202).body("requeued", equalTo(1));
        await().atMost(WAIT).untilAsserted(() -> assertThat(Deliveries.only(tenant, id))
                .containsEntry("status", "success").containsEntry("attempts", 5));

        assertThat(HttpsReceiver.receivedAt(url)).hasSize(5).allSatisfy(r -> {
            assertThat(r.headers().get("Authorization")).isEqualTo("Bearer " + token);
            assertThat(r.headers().get("X-Env")).isEqualTo("staging");
        });
    }

    @Test
    void changedHeadersAndCredentialsApplyFromTheNextAttempt() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        String id = webhook(tenant, url, Map.of("type", "bearer", "token", "first-token"));
        creditsLow(tenant);
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() == 1);

        tenant.api().body(Map.of("id", id, "url", url, "headers", Map.of("X-Other", "1"),
                "auth", Map.of("type", "basic", "username", "u", "password", "p"))).put("/api/webhooks")
                .then().statusCode(200);
        creditsLow(tenant);
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() == 2);
        var second = HttpsReceiver.receivedAt(url).get(1).headers();
        assertThat(second.get("Authorization")).isEqualTo(basic("u", "p"));
        assertThat(second.get("X-Other")).isEqualTo("1");
        assertThat(second.contains("X-Env")).isFalse();

        tenant.api().body(Map.of("id", id, "url", url, "headers", Map.of(), "auth", Map.of("type", "none")))
                .put("/api/webhooks").then().statusCode(200);
        creditsLow(tenant);
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() == 3);
        var third = HttpsReceiver.receivedAt(url).get(2).headers();
        assertThat(third.contains("Authorization")).isFalse();
        assertThat(third.contains("X-Other")).isFalse();
    }

    @Test
    void credentialsThatCannotBeDecryptedAreNeverLeftOut() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        String id = webhook(tenant, url, Map.of("type", "bearer", "token", "never-sent-without"));
        String unknownKey = Base64.getEncoder().encodeToString("some-other-key-nobody-has-32byte".getBytes());
        Database.update("UPDATE webhooks SET auth_secret_ciphertext = ? WHERE id = ?",
                Ciphers.withKey(unknownKey).encrypt("never-sent-without", id + ":auth"), UUID.fromString(id));

        creditsLow(tenant);
        await().atMost(WAIT).untilAsserted(() -> assertThat(Deliveries.only(tenant, id))
                .containsEntry("error", "secret unavailable").containsEntry("response_status", null));
        tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200)
                .body("status", equalTo("failed")).body("error", equalTo("secret unavailable"));
        assertThat(HttpsReceiver.receivedAt(url)).isEmpty();
    }
}
