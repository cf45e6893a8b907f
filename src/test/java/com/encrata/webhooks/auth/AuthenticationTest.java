package com.encrata.webhooks.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class AuthenticationTest {

    private static final Map<String, Object> VALID = Map.of("url", "https://auth.example.com/hook",
            "events", List.of("credits.low"));

    private static ValidatableResponse createWith(String authorization) {
        var request = given().contentType(ContentType.JSON).body(VALID);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post("/api/webhooks").then();
    }

    private static void assertUnauthorized(ValidatableResponse response) {
        response.statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"encrata\"")
                .body("error", equalTo("Unauthorized"));
    }

    @Test
    void refusesMissingHeader() {
        assertUnauthorized(createWith(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer    ", "Token enc_live_abc",
        "Bearer enc_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Bearer enc_live_short",
        "Bearer enc_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!", "Bearer enc_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void refusesMalformedCredentials(String authorization) {
        assertUnauthorized(createWith(authorization));
    }

    @Test
    void refusesUnknownKey() {
        assertUnauthorized(createWith("Bearer " + ApiKeyTokens.generate(new com.encrata.webhooks.platform.crypto.RandomTokens())));
    }

    @Test
    void refusesRevokedKeyOnItsNextRequest() {
        Tenant tenant = Tenant.create();
        tenant.api().get("/api/webhooks/nothing-here").then().statusCode(404);
        Database.update("UPDATE api_keys SET revoked_at = now() WHERE id = ?", UUID.fromString(tenant.keyId()));
        assertUnauthorized(tenant.api().body(VALID).post("/api/webhooks").then());
    }

    @Test
    void refusesRepeatedAuthorizationHeader() {
        Tenant tenant = Tenant.create();
        assertUnauthorized(given().contentType(ContentType.JSON).body(VALID)
                .header("Authorization", "Bearer " + tenant.key())
                .header("Authorization", "Bearer " + tenant.key())
                .post("/api/webhooks").then());
    }

    @Test
    void acceptsSchemeInAnyCase() {
        Tenant tenant = Tenant.create();
        createWith("bEaReR " + tenant.key()).statusCode(201);
    }

    @Test
    void unknownApiPathWithoutKeyIsUnauthorizedNotNotFound() {
        assertUnauthorized(given().get("/api/does-not-exist").then());
    }

    @Test
    void healthNeedsNoKey() {
        given().get("/api/health").then().statusCode(200);
    }

    @Test
    void adminTokenDoesNotWorkOnApi() {
        assertUnauthorized(createWith("Bearer " + Tenant.ADMIN_TOKEN));
    }

    @Test
    void apiKeyDoesNotWorkOnAdmin() {
        Tenant tenant = Tenant.create();
        assertUnauthorized(tenant.api()
                .body(Map.of("name", "x")).post("/admin/workspaces").then());
    }

    @Test
    void readonlyRefusalComesBeforeRouteAndBodyChecks() {
        Tenant readonly = Tenant.create("readonly");
        readonly.api().body("{not json").post("/api/webhooks").then().statusCode(403)
                .body("error", equalTo("Your role does not allow this action"));
        readonly.api().delete("/api/no-such-route").then().statusCode(403);
    }

    @Test
    void recordsLastUsedOutsideTheRequest() {
        Tenant tenant = Tenant.create();
        tenant.api().body(Map.of("url", "https://last-used.example.com/" + UUID.randomUUID(),
                "events", List.of("credits.low"))).post("/api/webhooks").then().statusCode(201);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                Database.query("SELECT last_used FROM api_keys WHERE id = ?", UUID.fromString(tenant.keyId()))
                        .get(0).get("last_used")).isNotNull());
    }
}
