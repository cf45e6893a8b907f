package com.encrata.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class WebhookManagementTest {

    @Test
    void listsWorkspaceWebhooksNewestFirstWithoutSecrets() {
        Tenant tenant = Tenant.create();
        String first = Webhooks.create(tenant).path("id");
        String second = Webhooks.create(tenant).path("id");
        Webhooks.create(Tenant.create());
        tenant.api().get("/api/webhooks").then().statusCode(200)
                .body("id", contains(second, first))
                .body("[0]", not(hasKey("secret")));
    }

    @Test
    void getsOneWebhookByIdInAnyCase() {
        Tenant tenant = Tenant.create();
        Response created = Webhooks.create(tenant);
        String id = created.path("id");
        Response got = tenant.api().queryParam("id", id.toUpperCase()).get("/api/webhooks")
                .then().statusCode(200).body("id", equalTo(id)).body("$", not(hasKey("secret")))
                .extract().response();
        for (String field : List.of("url", "events", "is_active", "description", "created_by", "created_at",
                "updated_at", "workspace_id", "rate_limit", "ordering", "headers", "auth", "filter")) {
            assertThat((Object) got.path(field)).as(field).isEqualTo(created.path(field));
        }
    }

    @Test
    void foreignOrMissingIdIsTheSameNotFound() {
        Tenant owner = Tenant.create();
        String id = Webhooks.create(owner).path("id");
        Tenant stranger = Tenant.create();
        String foreign = stranger.api().queryParam("id", id).get("/api/webhooks").then().statusCode(404).extract().asString();
        String missing = stranger.api().queryParam("id", UUID.randomUUID().toString()).get("/api/webhooks")
                .then().statusCode(404).extract().asString();
        assertThat(foreign).isEqualTo(missing).isEqualTo("{\"error\":\"Webhook not found\"}");
        stranger.api().body(Map.of("id", id, "url", Webhooks.uniqueUrl())).put("/api/webhooks").then().statusCode(404);
        stranger.api().body(Map.of("id", id)).delete("/api/webhooks").then().statusCode(404);
        stranger.api().body(Map.of("id", id)).post("/api/webhooks/rotate-secret").then().statusCode(404);
        owner.api().queryParam("id", id).get("/api/webhooks").then().statusCode(200);
    }

    @Test
    void rejectsMalformedEmptyOrRepeatedId() {
        Tenant tenant = Tenant.create();
        for (String bad : List.of("1-2-3-4-5", "del_abc123", "")) {
            tenant.api().queryParam("id", bad).get("/api/webhooks").then().statusCode(400)
                    .body("details[0].field", equalTo("id"));
        }
        tenant.api().queryParam("id", UUID.randomUUID().toString()).queryParam("id", UUID.randomUUID().toString())
                .get("/api/webhooks").then().statusCode(400);
    }

    @Test
    void updateKeepsOmittedAndNullFieldsAndBumpsUpdatedAt() {
        Tenant tenant = Tenant.create();
        Response created = Webhooks.create(tenant);
        String id = created.path("id");
        String newUrl = Webhooks.uniqueUrl();
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("url", newUrl);
        body.put("description", null);
        tenant.api().body(body).put("/api/webhooks").then().statusCode(200).body("status", equalTo("updated"));
        Response after = tenant.api().queryParam("id", id).get("/api/webhooks").then().extract().response();
        assertThat((String) after.path("url")).isEqualTo(newUrl);
        assertThat((List<String>) after.path("events")).containsExactly("lookup.completed", "credits.low");
        assertThat((String) after.path("description")).isEqualTo("original");
        assertThat((Boolean) after.path("is_active")).isTrue();
        assertThat((String) after.path("created_at")).isEqualTo(created.path("created_at"));
        assertThat(java.time.Instant.parse(after.path("updated_at")))
                .isAfterOrEqualTo(java.time.Instant.parse(created.path("updated_at")));
        assertThat((String) after.path("updated_at")).isNotEqualTo(created.path("updated_at"));
    }

    @Test
    void updateChangesGivenFieldsAndEmptyDescriptionClears() {
        Tenant tenant = Tenant.create();
        String id = Webhooks.create(tenant).path("id");
        String url = Webhooks.uniqueUrl();
        tenant.api().body(Map.of("id", id, "url", url, "events", List.of("apikey.revoked", "apikey.revoked"),
                "description", "", "is_active", false)).put("/api/webhooks").then().statusCode(200);
        tenant.api().queryParam("id", id).get("/api/webhooks").then()
                .body("events", contains("apikey.revoked"))
                .body("description", nullValue())
                .body("is_active", equalTo(false));
    }

    @Test
    void updateValidatesLikeCreate() {
        Tenant tenant = Tenant.create();
        String id = Webhooks.create(tenant).path("id");
        tenant.api().body(Map.of("id", id, "url", Webhooks.uniqueUrl(), "events", List.of()))
                .put("/api/webhooks").then().statusCode(400).body("details[0].field", equalTo("events"));
        tenant.api().body(Map.of("id", id, "url", "http://plain.example.com/"))
                .put("/api/webhooks").then().statusCode(400).body("details[0].field", equalTo("url"));
        tenant.api().body(Map.of("id", id)).put("/api/webhooks").then().statusCode(400)
                .body("details[0].field", equalTo("url"));
        tenant.api().body(Map.of("id", id, "url", "https://hooks.example.com/<script>alert(1)</script>"))
                .put("/api/webhooks").then().statusCode(400).body("details[0].field", equalTo("url"));
        tenant.api().body(Map.of("id", id, "url", "https://hooks.example.com/%zz"))
                .put("/api/webhooks").then().statusCode(400).body("details[0].field", equalTo("url"));
        tenant.api().body(Map.of("url", Webhooks.uniqueUrl())).put("/api/webhooks").then().statusCode(400)
                .body("details[0].field", equalTo("id"));
        tenant.api().body(Map.of("id", "nope", "url", Webhooks.uniqueUrl())).put("/api/webhooks").then().statusCode(400);
        tenant.api().body(Map.of("id", id, "url", Webhooks.uniqueUrl(), "is_active", "false"))
                .put("/api/webhooks").then().statusCode(400).body("details[0].field", equalTo("is_active"));
    }

    @Test
    void updateToAnotherWebhooksUrlIsConflict() {
        Tenant tenant = Tenant.create();
        String taken = Webhooks.uniqueUrl();
        Webhooks.create(tenant, taken);
        String id = Webhooks.create(tenant).path("id");
        tenant.api().body(Map.of("id", id, "url", taken.replace("https://hooks", "HTTPS://HOOKS")))
                .put("/api/webhooks").then().statusCode(409)
                .body("error", equalTo("A webhook with this URL already exists"));
        String own = tenant.api().queryParam("id", id).get("/api/webhooks").then().extract().path("url");
        tenant.api().body(Map.of("id", id, "url", own)).put("/api/webhooks").then().statusCode(200);
    }

    @Test
    void deletesByBodyOrQueryWithNoContent() {
        Tenant tenant = Tenant.create();
        String byBody = Webhooks.create(tenant).path("id");
        String byQuery = Webhooks.create(tenant).path("id");
        tenant.api().body(Map.of("id", byBody)).delete("/api/webhooks").then().statusCode(204);
        tenant.authorized()
                .queryParam("id", byQuery).delete("/api/webhooks").then().statusCode(204);
        tenant.api().get("/api/webhooks").then().body("size()", equalTo(0));
        tenant.api().body(Map.of("id", byBody)).delete("/api/webhooks").then().statusCode(404);
    }

    @Test
    void deleteWithDifferentBodyAndQueryIdsIsBadRequest() {
        Tenant tenant = Tenant.create();
        String id = Webhooks.create(tenant).path("id");
        tenant.api().queryParam("id", UUID.randomUUID().toString()).body(Map.of("id", id))
                .delete("/api/webhooks").then().statusCode(400);
        tenant.api().queryParam("id", id).body(Map.of("id", id.toUpperCase())).delete("/api/webhooks").then().statusCode(204);
    }

    @Test
    void deleteWithoutAnyIdIsBadRequest() {
        Tenant tenant = Tenant.create();
        tenant.api().body(Map.of()).delete("/api/webhooks").then().statusCode(400)
                .body("details[0].field", equalTo("id"));
    }

    @Test
    void readonlyKeyMayListAndGetOnly() {
        Tenant admin = Tenant.create();
        String id = Webhooks.create(admin).path("id");
        Tenant readonly = Tenant.inWorkspace(admin.workspaceId(), "readonly");
        readonly.api().get("/api/webhooks").then().statusCode(200).body("id", contains(id));
        readonly.api().queryParam("id", id).get("/api/webhooks").then().statusCode(200);
        readonly.api().body(Map.of("id", id, "url", Webhooks.uniqueUrl())).put("/api/webhooks").then().statusCode(403);
        readonly.api().body(Map.of("id", id)).delete("/api/webhooks").then().statusCode(403);
        readonly.api().body(Map.of("id", id)).post("/api/webhooks/rotate-secret").then().statusCode(403);
    }
}
