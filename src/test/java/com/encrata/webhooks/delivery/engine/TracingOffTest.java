package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Tracing as shipped: off. A producer's traceparent is neither stored nor passed on. */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class TracingOffTest {

    @Test
    void storesNoTraceContextAndSendsNoTraceparent() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        Webhooks.create(tenant, url, List.of("lookup.completed")).then().statusCode(201);
        Events.internal().header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .body("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"lookup.completed\",\"data\":{}}")
                .post("/internal/events").then().statusCode(202);

        await().atMost(Duration.ofSeconds(15)).until(() -> HttpsReceiver.receivedAt(url).size() == 1);
        assertThat(HttpsReceiver.receivedAt(url).get(0).headers().get("traceparent")).isNull();
        List<Map<String, Object>> stored = Database.query(
                "SELECT traceparent FROM events WHERE workspace_id = ?::uuid AND event_type = 'lookup.completed'",
                tenant.workspaceId());
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("traceparent")).isNull();
    }
}
