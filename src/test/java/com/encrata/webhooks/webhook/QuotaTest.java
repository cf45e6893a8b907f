package com.encrata.webhooks.webhook;

import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.SmallLimits;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(SmallLimits.class)
class QuotaTest {

    private static Map<String, Object> webhook() {
        return Map.of("url", "https://quota.example.com/" + UUID.randomUUID(), "events", List.of("credits.low"));
    }

    @Test
    void refusesWebhooksBeyondTheQuotaEvenWhenCreatedConcurrently() throws Exception {
        Tenant tenant = Tenant.create();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            // Three requests per key and window: use three keys of the workspace, in parallel.
            List<Tenant> keys = List.of(tenant, Tenant.inWorkspace(tenant.workspaceId(), "admin"),
                    Tenant.inWorkspace(tenant.workspaceId(), "admin"));
            List<CompletableFuture<Integer>> answers = new java.util.ArrayList<>();
            for (Tenant key : keys) {
                for (int i = 0; i < 2; i++) {
                    answers.add(CompletableFuture.supplyAsync(() -> key.api().body(webhook()).post("/api/webhooks")
                            .statusCode(), pool));
                }
            }
            List<Integer> statuses = answers.stream().map(CompletableFuture::join).toList();
            Assertions.assertThat(statuses).filteredOn(s -> s == 201).hasSize(3);
            Assertions.assertThat(statuses).filteredOn(s -> s == 400).hasSize(3);
        } finally {
            pool.shutdown();
        }
        Assertions.assertThat(Database.query("SELECT id FROM webhooks WHERE workspace_id = ?",
                UUID.fromString(tenant.workspaceId()))).hasSize(3);
        tenant.api().body(webhook()).post("/api/webhooks").then().statusCode(400)
                .body("error", equalTo("Webhook limit reached"));
    }

    @Test
    void refusesApiKeysBeyondTheQuotaOfActiveKeys() {
        Tenant tenant = Tenant.create();
        tenant.api().body(Map.of("name", "two")).post("/api/keys").then().statusCode(201);
        String third = tenant.api().body(Map.of("name", "three")).post("/api/keys").then().statusCode(201)
                .extract().path("id");
        tenant.api().body(Map.of("name", "four")).post("/api/keys").then().statusCode(400)
                .body("error", equalTo("API key limit reached"));
        tenant.api().queryParam("id", third).delete("/api/keys").then().statusCode(200);
        tenant.api().body(Map.of("name", "four")).post("/api/keys").then().statusCode(201);
    }
}
