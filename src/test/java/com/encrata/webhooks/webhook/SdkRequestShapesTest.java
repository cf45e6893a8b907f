package com.encrata.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Replays the request shapes of Encrata's Python SDK and checks the answers are what it parses. */
@QuarkusTest
class SdkRequestShapesTest {

    /** The SDK sends Content-Type: application/json on every request, GET included. */
    private static io.restassured.specification.RequestSpecification sdk(Tenant tenant) {
        return tenant.authorized()
                .header("Content-Type", "application/json").header("Accept", "application/json");
    }

    @Test
    void listIsABareArray() {
        Tenant tenant = Tenant.create();
        Webhooks.create(tenant);
        Response list = sdk(tenant).get("/api/webhooks").then().statusCode(200).extract().response();
        assertThat(list.asString()).startsWith("[");
        assertThat(list.jsonPath().getList("$")).hasSize(1);
    }

    @Test
    void updateWithIdUrlAndOnlyTheGivenFieldsAnswersStatusUpdated() {
        Tenant tenant = Tenant.create();
        String id = Webhooks.create(tenant).path("id");
        String answer = sdk(tenant).body(Map.of("id", id, "url", Webhooks.uniqueUrl(), "is_active", false))
                .put("/api/webhooks").then().statusCode(200).extract().asString();
        assertThat(answer).isEqualTo("{\"status\":\"updated\"}");
    }

    @Test
    void deleteWithJsonBodyAnswersNoContent() {
        Tenant tenant = Tenant.create();
        String id = Webhooks.create(tenant).path("id");
        sdk(tenant).body(Map.of("id", id)).delete("/api/webhooks").then().statusCode(204);
    }

    @Test
    void errorsCarryTheErrorKey() {
        Tenant tenant = Tenant.create();
        String error = sdk(tenant).body(Map.of("url", "https://x.example.com/", "events", List.of("nope")))
                .post("/api/webhooks").then().statusCode(400).extract().path("error");
        assertThat(error).isNotBlank();
    }
}
