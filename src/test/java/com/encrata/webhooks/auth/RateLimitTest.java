package com.encrata.webhooks.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.SmallLimits;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** Three requests per three-second window, so exhaustion and reset can be seen quickly. */
@QuarkusTest
@TestProfile(SmallLimits.class)
class RateLimitTest {

    @Test
    void everyAnswerCarriesTheHeadersAndTheFourthRequestIsRefused() {
        Tenant tenant = Tenant.create();
        long before = System.currentTimeMillis() / 1000;
        Response first = tenant.api().get("/api/webhooks").then().statusCode(200)
                .header("X-RateLimit-Limit", "3").header("X-RateLimit-Remaining", "2").extract().response();
        long reset = Long.parseLong(first.header("X-RateLimit-Reset"));
        assertThat(reset).isBetween(before + 2, before + 5);
        tenant.api().queryParam("id", "bad").get("/api/webhooks").then().statusCode(400)
                .header("X-RateLimit-Remaining", "1");
        tenant.api().body(Map.of()).post("/api/webhooks").then().statusCode(400).header("X-RateLimit-Remaining", "0");
        Response refused = tenant.api().get("/api/webhooks").then().statusCode(429)
                .body("error", equalTo("Rate limit exceeded. Please try again later."))
                .header("X-RateLimit-Remaining", "0")
                .header("X-RateLimit-Reset", String.valueOf(reset))
                .extract().response();
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3L);
    }

    @Test
    void windowResetsAfterItEnds() {
        Tenant tenant = Tenant.create();
        for (int i = 0; i < 3; i++) {
            tenant.api().get("/api/webhooks").then().statusCode(200);
        }
        tenant.api().get("/api/webhooks").then().statusCode(429);
        Awaitility.await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(500))
                .until(() -> tenant.api().get("/api/webhooks").statusCode() == 200);
        tenant.api().get("/api/webhooks").then().statusCode(200).header("X-RateLimit-Remaining", "1");
    }

    @Test
    void limitIsPerKeyAndOnlyOnWebhookPaths() {
        Tenant tenant = Tenant.create();
        Tenant colleague = Tenant.inWorkspace(tenant.workspaceId(), "admin");
        for (int i = 0; i < 4; i++) {
            tenant.api().get("/api/webhooks");
        }
        tenant.api().get("/api/webhooks").then().statusCode(429);
        colleague.api().get("/api/webhooks").then().statusCode(200);
        Response keys = tenant.api().get("/api/keys").then().statusCode(200).extract().response();
        assertThat(keys.header("X-RateLimit-Limit")).isNull();
    }

    @Test
    void unauthenticatedRequestsGetNoHeadersAndDoNotCount() {
        io.restassured.RestAssured.given().get("/api/webhooks").then().statusCode(401)
                .header("X-RateLimit-Limit", (String) null);
    }

    @Test
    void readonlyWriteCountsAndRateLimitComesBeforeForbidden() {
        Tenant readonly = Tenant.create("readonly");
        for (int i = 0; i < 3; i++) {
            readonly.api().body(Map.of()).post("/api/webhooks").then().statusCode(403).header("X-RateLimit-Limit", "3");
        }
        readonly.api().body(Map.of()).post("/api/webhooks").then().statusCode(429);
    }
}
