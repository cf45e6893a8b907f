package com.encrata.webhooks.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The application's reactive pool points at a port where no database listens. */
@QuarkusTest
@TestProfile(DatabaseDownTest.UnreachableDatabase.class)
class DatabaseDownTest {

    public static class UnreachableDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:9/postgres",
                    "quarkus.datasource.reactive.idle-timeout", "1s",
                    "quarkus.datasource.reactive.acquisition-timeout", "2s");
        }
    }

    @Test
    void apiAnswersServiceUnavailable() {
        Tenant.bearer("enc_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").contentType(ContentType.JSON)
                .body(Map.of("url", "https://down.example.com/", "events", java.util.List.of("credits.low")))
                .post("/api/webhooks").then().statusCode(503)
                .body("error", equalTo("Service temporarily unavailable"));
    }

    @Test
    void healthAnswersUnavailable() {
        given().get("/api/health").then().statusCode(503)
                .body("status", equalTo("unavailable"))
                .body("error", equalTo("Database unavailable"));
        given().get("/q/health/ready").then().statusCode(503);
    }
}
