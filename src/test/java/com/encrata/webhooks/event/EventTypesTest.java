package com.encrata.webhooks.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class EventTypesTest {

    @Test
    void listsTheFiveEventsThenTheFourOperationalOnesWithADescriptionAndARealisticExample() {
        List<Map<String, Object>> types = Tenant.create().authorized().get("/api/event-types").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(types).extracting(t -> t.get("name")).containsExactly("lookup.completed", "apikey.created",
                "apikey.revoked", "credits.low", "credits.exhausted", "webhook.failing", "webhook.recovered",
                "webhook.disabled", "delivery.exhausted");
        assertThat(types).allSatisfy(t -> {
            assertThat(t.keySet()).containsExactlyInAnyOrder("name", "description", "example");
            assertThat((String) t.get("description")).isNotBlank();
            assertThat(t.get("example")).isInstanceOf(Map.class);
            assertThat((Map<?, ?>) t.get("example")).isNotEmpty();
        });
        // The operational events' examples carry exactly the fields SPEC §11 gives their data.
        assertThat(example(types, "webhook.failing")).containsOnlyKeys("webhook_id", "url", "consecutive_failures",
                "last_error", "last_response_status", "failing_since");
        assertThat(example(types, "webhook.recovered")).containsOnlyKeys("webhook_id", "url", "failed_for_seconds");
        assertThat(example(types, "webhook.disabled")).containsOnlyKeys("webhook_id", "url", "reason", "at");
        assertThat(example(types, "delivery.exhausted")).containsOnlyKeys("webhook_id", "delivery_id", "event_type",
                "attempts", "last_error", "last_response_status");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> example(List<Map<String, Object>> types, String name) {
        return (Map<String, Object>) types.stream().filter(t -> name.equals(t.get("name"))).findFirst().orElseThrow()
                .get("example");
    }

    @Test
    void needsAKey() {
        io.restassured.RestAssured.get("/api/event-types").then().statusCode(401);
    }
}
