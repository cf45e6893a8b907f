package com.encrata.webhooks.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Every time the API answers is UTC with Z and at most milliseconds (SPEC §1), including times the
 * database set itself with microseconds: one sweep over every answer that carries a time.
 */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class TimestampsTest {

    /** Anything that looks like a date and time. */
    private static final Pattern TIME_LIKE = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT.*");
    private static final Pattern MILLISECONDS = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z");
    private static final String MICROSECONDS = "2026-12-06T07:02:28.359481Z";

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void everyTimeInEveryAnswerIsInMilliseconds() throws Exception {
        Tenant tenant = Tenant.create();
        List<Response> answers = new ArrayList<>();
        answers.add(Tenant.admin().body(Map.of("name", "Sweep")).post("/admin/workspaces").then().statusCode(201)
                .extract().response());
        answers.add(Tenant.admin().body(Map.of("name", "Sweep key", "role", "admin"))
                .post("/admin/workspaces/" + tenant.workspaceId() + "/keys").then().statusCode(201).extract().response());
        answers.add(Tenant.admin().body(Map.of()).post("/admin/workspaces/" + tenant.workspaceId() + "/portal-sessions")
                .then().statusCode(201).extract().response());

        String ok = Webhooks.id(tenant, HttpsReceiver.url("ok"), "lookup.completed");
        String failing = Webhooks.id(tenant, HttpsReceiver.url("fail"), "lookup.completed");
        Events.lookupCompleted(tenant, "{\"n\":1}").statusCode(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> tenant.api().queryParam("webhook_id", ok)
                .get("/api/webhooks/deliveries").then().extract().jsonPath().getList("status").contains("success"));
        tenant.api().body(Map.of("id", ok)).post("/api/webhooks/test").then().statusCode(200);
        tenant.api().body(Map.of("url", Webhooks.uniqueUrl(), "events", List.of("credits.low"), "is_active", false))
                .post("/api/webhooks").then().statusCode(201);
        tenant.api().body(Map.of("name", "Used key")).post("/api/keys").then().statusCode(201);

        // Times the database sets itself, with microseconds, in every table the API reads times from.
        Database.update("UPDATE api_keys SET last_used = ?::timestamptz WHERE workspace_id = ?", MICROSECONDS,
                UUID.fromString(tenant.workspaceId()));
        Database.update("UPDATE webhooks SET created_at = ?::timestamptz, updated_at = ?::timestamptz,"
                + " last_success_at = ?::timestamptz WHERE workspace_id = ?",
                MICROSECONDS, MICROSECONDS, MICROSECONDS, UUID.fromString(tenant.workspaceId()));
        Database.update("UPDATE webhooks SET deactivated_at = ?::timestamptz WHERE workspace_id = ? AND NOT is_active",
                MICROSECONDS, UUID.fromString(tenant.workspaceId()));
        Database.update("UPDATE deliveries SET last_attempt_at = ?::timestamptz WHERE webhook_id = ?", MICROSECONDS,
                UUID.fromString(ok));

        answers.add(tenant.api().get("/api/webhooks").then().statusCode(200).extract().response());
        answers.add(tenant.api().queryParam("id", ok).get("/api/webhooks").then().statusCode(200).extract().response());
        answers.add(tenant.api().get("/api/webhooks/stats").then().statusCode(200).extract().response());
        answers.add(tenant.api().queryParam("webhook_id", ok).get("/api/webhooks/deliveries").then().statusCode(200)
                .extract().response());
        answers.add(tenant.api().queryParam("webhook_id", failing).get("/api/webhooks/deliveries").then()
                .statusCode(200).extract().response());
        answers.add(tenant.api().get("/api/keys").then().statusCode(200).extract().response());

        List<String> times = new ArrayList<>();
        for (Response answer : answers) {
            collect(mapper.readTree(answer.asString()), times);
        }
        assertThat(times).as("times answered").contains("2026-12-06T07:02:28.359Z").hasSizeGreaterThan(20);
        assertThat(times).allMatch(t -> MILLISECONDS.matcher(t).matches(), "UTC with Z, in milliseconds");
    }

    private static void collect(JsonNode node, List<String> times) {
        if (node.isTextual() && TIME_LIKE.matcher(node.asText()).matches()) {
            times.add(node.asText());
        }
        node.forEach(child -> collect(child, times));
    }
}
