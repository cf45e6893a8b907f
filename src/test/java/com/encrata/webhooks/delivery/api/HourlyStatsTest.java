package com.encrata.webhooks.delivery.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/** GET /api/webhooks/stats/hourly (SPEC §3): exactly the 24 hours of the window, oldest first. */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class HourlyStatsTest {

    private static List<Map<String, Object>> hourly(Tenant tenant, String id) {
        return tenant.api().queryParam("id", id).get("/api/webhooks/stats/hourly").then().statusCode(200).extract()
                .jsonPath().getList("$");
    }

    @Test
    void givesTheLast24HoursOldestFirstWithTheAttemptsOfEach() {
        Tenant tenant = Tenant.create();
        String id = Webhooks.id(tenant, HttpsReceiver.url("ok"), "lookup.completed");
        Instant thisHour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        // An hour in the middle of the window, as the engine rolls it up; one just outside it.
        Database.update("INSERT INTO webhook_stats (webhook_id, hour, attempts, succeeded, failed, latency_buckets)"
                + " VALUES (?, ?::timestamptz, 7, 5, 2, ARRAY[0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),"
                + " (?, ?::timestamptz, 9, 9, 0, ARRAY[0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])",
                UUID.fromString(id), thisHour.minus(5, ChronoUnit.HOURS).toString(),
                UUID.fromString(id), thisHour.minus(24, ChronoUnit.HOURS).toString());
        Events.lookupCompleted(tenant, "{}").statusCode(202);
        tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> ((Number) hourly(tenant, id).get(23).get("succeeded"))
                .intValue() == 1);

        List<Map<String, Object>> hours = hourly(tenant, id);
        assertThat(hours).hasSize(24);
        for (int i = 0; i < 24; i++) {
            assertThat(hours.get(i)).containsOnlyKeys("hour", "attempts", "succeeded", "failed", "latency_p50_ms")
                    .containsEntry("hour", thisHour.minus(23 - i, ChronoUnit.HOURS).toString());
        }
        // The test send is not counted; the scheduled delivery is, in the current hour.
        // On a loaded machine an attempt may miss the test profile's 1 s deadline and be retried.
        Map<String, Object> now = hours.get(23);
        assertThat(now).containsEntry("succeeded", 1);
        assertThat((Integer) now.get("attempts")).isEqualTo(1 + (Integer) now.get("failed"));
        assertThat(hours.get(23).get("latency_p50_ms")).isNotNull();
        assertThat(hours.get(18)).containsEntry("attempts", 7).containsEntry("succeeded", 5).containsEntry("failed", 2)
                .containsEntry("latency_p50_ms", 2);
        assertThat(hours.subList(0, 18)).allSatisfy(h -> assertThat(h).containsEntry("attempts", 0)
                .containsEntry("succeeded", 0).containsEntry("failed", 0).containsEntry("latency_p50_ms", null));
    }

    @Test
    void anIdIsRequiredAndMustBeOneOfTheWorkspacesWebhooks() {
        Tenant tenant = Tenant.create();
        Tenant other = Tenant.create();
        String foreign = Webhooks.id(other, Webhooks.uniqueUrl(), "credits.low");
        tenant.api().get("/api/webhooks/stats/hourly").then().statusCode(400);
        tenant.api().queryParam("id", "").get("/api/webhooks/stats/hourly").then().statusCode(400);
        tenant.api().queryParam("id", "del_abc123").get("/api/webhooks/stats/hourly").then().statusCode(400);
        tenant.api().queryParam("id", foreign).get("/api/webhooks/stats/hourly").then().statusCode(404);
        tenant.api().queryParam("id", UUID.randomUUID().toString()).get("/api/webhooks/stats/hourly").then()
                .statusCode(404);
    }
}
