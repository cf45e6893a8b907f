package com.encrata.webhooks.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ApiKeysTest {

    private static List<Map<String, Object>> events(Tenant tenant, String type) {
        return Database.query("SELECT body FROM events WHERE workspace_id = ? AND event_type = ? ORDER BY created_at",
                UUID.fromString(tenant.workspaceId()), type);
    }

    @Test
    void createsKeyShownOnceThatInheritsUserWorkspaceAndRole() {
        Tenant tenant = Tenant.create("tech");
        String key = tenant.api().body(Map.of("name", "  deploy  ")).post("/api/keys").then().statusCode(201)
                .body("name", equalTo("deploy"))
                .body("key", matchesPattern("enc_live_[A-Za-z0-9]{32}"))
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .extract().path("key");
        var row = Database.query("SELECT user_id, workspace_id, role FROM api_keys WHERE key_last4 = ? AND user_id = ?",
                key.substring(key.length() - 4), UUID.fromString(tenant.userId())).get(0);
        assertThat(row.get("workspace_id").toString()).isEqualTo(tenant.workspaceId());
        assertThat(row.get("role")).isEqualTo("tech");
        Tenant.bearer(key).get("/api/keys").then().statusCode(200);
    }

    @Test
    void creatingAKeyRecordsApikeyCreated() {
        Tenant tenant = Tenant.create();
        String id = tenant.api().body(Map.of("name", "events")).post("/api/keys").then().statusCode(201).extract().path("id");
        assertThat(events(tenant, "apikey.created")).anySatisfy(e ->
                assertThat((String) e.get("body")).contains("\"key_id\":\"" + id + "\"", "\"name\":\"events\"", "\"key_preview\":\"..."));
    }

    @Test
    void listsOwnActiveKeysWithPreviewAndLastUsed() {
        Tenant tenant = Tenant.create();
        Tenant sameWorkspaceOtherUser = Tenant.inWorkspace(tenant.workspaceId(), "admin");
        String second = tenant.api().body(Map.of("name", "second")).post("/api/keys").then().extract().path("id");
        tenant.api().get("/api/keys").then().statusCode(200)
                .body("keys.id", contains(second, tenant.keyId()))
                .body("keys[1].key_preview", equalTo("..." + tenant.key().substring(tenant.key().length() - 4)))
                .body("keys[0]", not(org.hamcrest.Matchers.hasKey("key")))
                .body("keys.id", not(hasItem(sameWorkspaceOtherUser.keyId())));
        var item = tenant.api().get("/api/keys").then().extract().jsonPath().getMap("keys[0]");
        assertThat(item.keySet()).containsExactlyInAnyOrder("id", "name", "key_preview", "created_at", "last_used");
    }

    @Test
    void revokeIsIdempotentAndFiresOneEvent() {
        Tenant tenant = Tenant.create();
        String other = tenant.api().body(Map.of("name", "to revoke")).post("/api/keys").then().extract().path("id");
        for (int i = 0; i < 2; i++) {
            tenant.api().queryParam("id", other).delete("/api/keys").then().statusCode(200)
                    .body("message", equalTo("API key revoked"));
        }
        assertThat(events(tenant, "apikey.revoked")).hasSize(1);
        tenant.api().get("/api/keys").then().body("keys.id", not(hasItem(other)));
    }

    @Test
    void revokedKeyIsRefusedOnTheVeryNextRequest() {
        Tenant tenant = Tenant.create();
        tenant.api().queryParam("id", tenant.keyId()).delete("/api/keys").then().statusCode(200);
        tenant.api().get("/api/keys").then().statusCode(401);
    }

    @Test
    void permanentDeleteFiresRevokedOnlyForActiveKeys() {
        Tenant tenant = Tenant.create();
        String active = tenant.api().body(Map.of("name", "a")).post("/api/keys").then().extract().path("id");
        String revoked = tenant.api().body(Map.of("name", "b")).post("/api/keys").then().extract().path("id");
        tenant.api().queryParam("id", revoked).delete("/api/keys").then().statusCode(200);
        tenant.api().queryParam("id", revoked).queryParam("permanent", "true").delete("/api/keys").then()
                .statusCode(200).body("message", equalTo("API key deleted"));
        tenant.api().queryParam("id", active).queryParam("permanent", "true").delete("/api/keys").then()
                .statusCode(200).body("message", equalTo("API key deleted"));
        assertThat(events(tenant, "apikey.revoked")).hasSize(2);
        assertThat(Database.query("SELECT id FROM api_keys WHERE id IN (?, ?)", UUID.fromString(active),
                UUID.fromString(revoked))).isEmpty();
        tenant.api().queryParam("id", active).delete("/api/keys").then().statusCode(404);
    }

    @Test
    void keysOfOtherUsersOrWorkspacesAreNotFound() {
        Tenant tenant = Tenant.create();
        Tenant colleague = Tenant.inWorkspace(tenant.workspaceId(), "admin");
        Tenant stranger = Tenant.create();
        tenant.api().queryParam("id", colleague.keyId()).delete("/api/keys").then().statusCode(404);
        tenant.api().queryParam("id", stranger.keyId()).delete("/api/keys").then().statusCode(404)
                .body("error", equalTo("API key not found"));
    }

    @Test
    void validatesInput() {
        Tenant tenant = Tenant.create();
        tenant.api().body(Map.of("name", "   ")).post("/api/keys").then().statusCode(400);
        tenant.api().body(Map.of("name", "x".repeat(101))).post("/api/keys").then().statusCode(400);
        tenant.api().body(Map.of("name", "bad\u0001")).post("/api/keys").then().statusCode(400);
        tenant.api().body(Map.of("name", "two\nlines")).post("/api/keys").then().statusCode(400);
        tenant.api().body(Map.of("name", "  " + "n".repeat(100) + "  ")).post("/api/keys").then().statusCode(201);
        tenant.api().body("{\"name\": 42}").post("/api/keys").then().statusCode(400)
                .body("details[0].field", equalTo("name"));
        tenant.api().delete("/api/keys").then().statusCode(400).body("details[0].field", equalTo("id"));
        tenant.api().queryParam("id", "nope").delete("/api/keys").then().statusCode(400);
        tenant.api().queryParam("id", tenant.keyId()).queryParam("permanent", "yes").delete("/api/keys")
                .then().statusCode(400).body("details[0].field", equalTo("permanent"));
    }

    @Test
    void readonlyKeyMayOnlyList() {
        Tenant readonly = Tenant.create("readonly");
        readonly.api().get("/api/keys").then().statusCode(200);
        readonly.api().body(Map.of("name", "x")).post("/api/keys").then().statusCode(403);
        readonly.api().queryParam("id", readonly.keyId()).delete("/api/keys").then().statusCode(403);
    }
}
