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
    void listsTheFiveEventsWithADescriptionAndARealisticExample() {
        List<Map<String, Object>> types = Tenant.create().authorized().get("/api/event-types").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(types).extracting(t -> t.get("name")).containsExactly("lookup.completed", "apikey.created",
                "apikey.revoked", "credits.low", "credits.exhausted");
        assertThat(types).allSatisfy(t -> {
            assertThat(t.keySet()).containsExactlyInAnyOrder("name", "description", "example");
            assertThat((String) t.get("description")).isNotBlank();
            assertThat(t.get("example")).isInstanceOf(Map.class);
            assertThat((Map<?, ?>) t.get("example")).isNotEmpty();
        });
    }

    @Test
    void needsAKey() {
        io.restassured.RestAssured.get("/api/event-types").then().statusCode(401);
    }
}
