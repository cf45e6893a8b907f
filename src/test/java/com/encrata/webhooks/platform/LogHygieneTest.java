package com.encrata.webhooks.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Ciphers;
import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Captures everything the service logs during full cycles and searches it for what must never be logged. */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class LogHygieneTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext) {
                ext.copyAll();
            }
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(capture);
    }

    private String logText() {
        SimpleFormatter formatter = new SimpleFormatter();
        StringBuilder all = new StringBuilder();
        for (LogRecord record : records) {
            all.append(formatter.format(record)).append('\n');
        }
        return all.toString();
    }

    @Test
    void createRotateDeliverCycleLogsNoSecretKeyQueryOrPayload() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("gone") + "?token=query-secret-4711";
        var created = Webhooks.create(tenant, url, List.of("lookup.completed"));
        String id = created.path("id");
        String rotated = tenant.api().body(Map.of("id", id)).post("/api/webhooks/rotate-secret").then().statusCode(200)
                .extract().path("secret");
        Events.lookupCompleted(tenant, "{\"email\":\"private-person@example.org\"}").statusCode(202);
        // The 410 deactivates the webhook, which the service logs (with the webhook id, nothing else).
        await().atMost(Duration.ofSeconds(15)).until(() -> logText().contains("Webhook " + id + " deactivated"));
        tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200);
        tenant.api().body(Map.of("id", id, "url", url + "&x=1")).put("/api/webhooks").then().statusCode(200);
        tenant.api().body(Map.of("url", url, "events", List.of("nope"))).post("/api/webhooks").then().statusCode(400);

        String logs = logText();
        assertThat(logs).doesNotContain(((String) created.path("secret")).substring(6))
                .doesNotContain(rotated.substring(6))
                .doesNotContain(tenant.key().substring(9))
                .doesNotContain("query-secret-4711")
                .doesNotContain("private-person@example.org")
                .doesNotContain(Tenant.ADMIN_TOKEN)
                .doesNotContain(Events.INTERNAL_TOKEN)
                .doesNotContain("ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE=");
    }

    @Test
    void engineLinesCarryTheRequestIdOfTheIntake() {
        Tenant tenant = Tenant.create();
        String id = Webhooks.id(tenant, HttpsReceiver.url("ok"), "credits.low");
        String unknownKey = Base64.getEncoder().encodeToString("some-other-key-nobody-has-32byte".getBytes());
        String unreadable = Ciphers.withKey(unknownKey).encrypt("whsec_" + "e".repeat(64), id);
        Database.update("UPDATE webhooks SET secret_ciphertext = ? WHERE id = ?", unreadable, UUID.fromString(id));
        String requestId = "intake-" + UUID.randomUUID();
        Events.internal()
                .header("X-Request-Id", requestId)
                .body("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"credits.low\",\"data\":{}}")
                .post("/internal/events").then().statusCode(202).header("X-Request-Id", requestId);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(records).anySatisfy(r -> {
            assertThat(r.getMessage() == null ? "" : new SimpleFormatter().formatMessage(r)).contains("cannot be decrypted");
            assertThat(((ExtLogRecord) r).getMdc("requestId")).isEqualTo(requestId);
        }));
    }
}
