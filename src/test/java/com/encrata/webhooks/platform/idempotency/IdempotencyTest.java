package com.encrata.webhooks.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class IdempotencyTest {

    private static Map<String, Object> webhook(String url) {
        return Map.of("url", url, "events", List.of("credits.low"));
    }

    @Test
    void sameKeyAndBodyReplaysTheOriginalAnswerSecretIncluded() {
        Tenant tenant = Tenant.create();
        String url = "https://idem.example.com/" + UUID.randomUUID();
        Response first = tenant.api().header("Idempotency-Key", "create-1").body(webhook(url)).post("/api/webhooks")
                .then().statusCode(201).extract().response();
        Response again = tenant.api().header("Idempotency-Key", "create-1").body(webhook(url)).post("/api/webhooks")
                .then().statusCode(201).extract().response();
        assertThat(again.asString()).isEqualTo(first.asString());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(Database.query("SELECT id FROM webhooks WHERE workspace_id = ?",
                UUID.fromString(tenant.workspaceId()))).hasSize(1);
        String stored = (String) Database.query("SELECT response_ciphertext FROM idempotency_keys WHERE workspace_id = ?",
                UUID.fromString(tenant.workspaceId())).get(0).get("response_ciphertext");
        assertThat(stored).doesNotContain(((String) first.path("secret")).substring(6));
    }

    @Test
    void sameKeyWithAnotherBodyIsAConflict() {
        Tenant tenant = Tenant.create();
        tenant.api().header("Idempotency-Key", "k").body(webhook("https://idem.example.com/a-" + UUID.randomUUID()))
                .post("/api/webhooks").then().statusCode(201);
        tenant.api().header("Idempotency-Key", "k").body(webhook("https://idem.example.com/b-" + UUID.randomUUID()))
                .post("/api/webhooks").then().statusCode(409)
                .body("error", equalTo("Idempotency-Key reused with a different request"));
    }

    @Test
    void keysAreScopedToTheWorkspace() {
        String url = "https://idem.example.com/" + UUID.randomUUID();
        String a = Tenant.create().api().header("Idempotency-Key", "shared").body(webhook(url)).post("/api/webhooks")
                .then().statusCode(201).extract().path("id");
        String b = Tenant.create().api().header("Idempotency-Key", "shared").body(webhook(url)).post("/api/webhooks")
                .then().statusCode(201).extract().path("id");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOnce() {
        Tenant tenant = Tenant.create();
        String url = "https://idem.example.com/" + UUID.randomUUID();
        List<CompletableFuture<Response>> calls = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> tenant.api().header("Idempotency-Key", "race")
                        .body(webhook(url)).post("/api/webhooks").then().extract().response()))
                .toList();
        List<Response> answers = calls.stream().map(CompletableFuture::join).toList();
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isIn(201, 409));
        assertThat(answers.stream().filter(r -> r.statusCode() == 201).map(r -> (String) r.path("id")).distinct())
                .hasSize(1);
        assertThat(Database.query("SELECT id FROM webhooks WHERE workspace_id = ?",
                UUID.fromString(tenant.workspaceId()))).hasSize(1);
    }

    @Test
    void aFailedCreateFreesTheKey() {
        Tenant tenant = Tenant.create();
        String taken = "https://idem.example.com/" + UUID.randomUUID();
        tenant.api().body(webhook(taken)).post("/api/webhooks").then().statusCode(201);
        tenant.api().header("Idempotency-Key", "retry-me").body(webhook(taken)).post("/api/webhooks").then().statusCode(409);
        tenant.api().header("Idempotency-Key", "retry-me").body(webhook(taken + "-2")).post("/api/webhooks")
                .then().statusCode(201);
    }

    @Test
    void apiKeyCreatesReplayTheKey() {
        Tenant tenant = Tenant.create();
        String first = tenant.api().header("Idempotency-Key", "key-1").body(Map.of("name", "ci")).post("/api/keys")
                .then().statusCode(201).extract().path("key");
        String again = tenant.api().header("Idempotency-Key", "key-1").body(Map.of("name", "ci")).post("/api/keys")
                .then().statusCode(201).extract().path("key");
        assertThat(again).isEqualTo(first);
    }

    @Test
    void rejectsMalformedKeys() {
        Tenant tenant = Tenant.create();
        tenant.api().header("Idempotency-Key", "x".repeat(256)).body(webhook("https://idem.example.com/long"))
                .post("/api/webhooks").then().statusCode(400).body("details[0].field", equalTo("Idempotency-Key"));
        tenant.api().header("Idempotency-Key", "tab\tkey").body(webhook("https://idem.example.com/tab"))
                .post("/api/webhooks").then().statusCode(400);
    }
}
