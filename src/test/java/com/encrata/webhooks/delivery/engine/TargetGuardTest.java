package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;

/**
 * With private targets blocked (the production setting), a webhook whose URL later points at a
 * blocked address, by a name that resolves to loopback or by a literal, is never connected to.
 */
@QuarkusTest
class TargetGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://localhost:%d/hook", "https://127.0.0.1:%d/hook", "https://[::1]:%d/hook",
        "https://[::ffff:127.0.0.1]:%d/hook", "https://169.254.169.254:%d/latest", "https://10.0.0.1:%d/x",
        "https://0x7f.1:%d/x", "https://2130706433:%d/x"})
    void refusesBlockedTargetsOnEveryPath(String template) {
        String target = template.formatted(HttpsReceiver.port());
        Tenant tenant = Tenant.create();
        String id = Webhooks.id(tenant, "https://guard.example.com/" + UUID.randomUUID(), "credits.low");
        // The create-time check cannot see the future (DNS changes); the delivery-time guard must.
        Database.update("UPDATE webhooks SET url = ? WHERE id = ?", target, UUID.fromString(id));

        tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200)
                .body("status", equalTo("failed")).body("error", equalTo("blocked address"));

        Events.post("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"credits.low\",\"data\":{}}")
                .statusCode(202).body("deliveries", equalTo(1));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                Database.query("SELECT error FROM delivery_queue WHERE webhook_id = ? AND event_type = 'credits.low'",
                        UUID.fromString(id))).singleElement().extracting(row -> row.get("error")).isEqualTo("blocked address"));
        assertThat(HttpsReceiver.receivedAt(target)).isEmpty();
    }
}
