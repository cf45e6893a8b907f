package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
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

/**
 * A receiver that takes 3 s per answer, one attempt at a time per host, and a lease of 1 s: work
 * queued behind a slow host, and attempts that outlast their lease.
 */
@QuarkusTest
@TestProfile(SlowReceiverTest.OneAtATimeShortLease.class)
class SlowReceiverTest {

    public static class OneAtATimeShortLease extends DeliveryProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("encrata.delivery.concurrency-per-host", "1");
            config.put("encrata.delivery.timeout", "5s");
            config.put("encrata.delivery.lease", "1s");
            return config;
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void pausingWinsOverDeliveriesAlreadyQueuedForTheirHost() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("slow");
        String id = Webhooks.id(tenant, url, "lookup.completed");
        for (int i = 0; i < 3; i++) {
            Events.lookupCompleted(tenant, "{\"n\":" + i + "}").statusCode(202);
        }
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() == 1);
        // The other two are claimed and queued behind the one in flight; the pause commits now.
        tenant.api().body(Map.of("id", id, "url", url, "is_active", false)).put("/api/webhooks").then().statusCode(200);

        await().atMost(WAIT).untilAsserted(() -> assertThat(statuses(id))
                .containsExactlyInAnyOrder("success", "failed:webhook inactive", "failed:webhook inactive"));
        assertThat(HttpsReceiver.receivedAt(url)).hasSize(1);
    }

    @Test
    void anAttemptLongerThanItsLeaseIsSentOnce() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("slow");
        String id = Webhooks.id(tenant, url, "lookup.completed");
        Events.lookupCompleted(tenant, "{}").statusCode(202);

        await().atMost(WAIT).untilAsserted(() -> assertThat(statuses(id)).containsExactly("success"));
        assertThat(HttpsReceiver.receivedAt(url)).hasSize(1);
        assertThat(Database.query("SELECT attempts FROM deliveries WHERE webhook_id = ?", UUID.fromString(id)).get(0))
                .containsEntry("attempts", 1);
    }

    private static List<String> statuses(String webhookId) {
        return Database.query("SELECT status, error FROM deliveries WHERE webhook_id = ?", UUID.fromString(webhookId))
                .stream().map(r -> r.get("error") == null ? (String) r.get("status") : r.get("status") + ":" + r.get("error"))
                .toList();
    }
}
