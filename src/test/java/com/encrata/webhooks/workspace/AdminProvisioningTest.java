package com.encrata.webhooks.workspace;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class AdminProvisioningTest {

    @Test
    void createsWorkspace() {
        Tenant.admin().body(Map.of("name", "  Acme  ")).post("/admin/workspaces").then().statusCode(201)
                .body("name", equalTo("Acme"))
                .body("id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void createsKeyWithDefaultsAndRecordsTheEvent() {
        String workspaceId = Tenant.admin().body(Map.of("name", "Keys")).post("/admin/workspaces")
                .then().extract().path("id");
        String keyId = Tenant.admin().body(Map.of("name", "CI key")).post("/admin/workspaces/" + workspaceId + "/keys")
                .then().statusCode(201)
                .body("role", equalTo("admin"))
                .body("workspace_id", equalTo(workspaceId))
                .body("user_id", matchesPattern("[0-9a-f-]{36}"))
                .body("key", matchesPattern("enc_live_[A-Za-z0-9]{32}"))
                .extract().path("id");
        var events = Database.query("SELECT event_type, body FROM events WHERE workspace_id = ?",
                UUID.fromString(workspaceId));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("event_type")).isEqualTo("apikey.created");
        assertThat((String) events.get(0).get("body"))
                .startsWith("{\"event\":\"apikey.created\",\"data\":{\"key_id\":\"" + keyId + "\",\"name\":\"CI key\"");
    }

    @Test
    void createsKeyForGivenUserAndRole() {
        String workspaceId = Tenant.admin().body(Map.of("name", "Roles")).post("/admin/workspaces")
                .then().extract().path("id");
        String userId = UUID.randomUUID().toString();
        Tenant.admin().body(Map.of("name", "ro", "user_id", userId, "role", "readonly"))
                .post("/admin/workspaces/" + workspaceId + "/keys").then().statusCode(201)
                .body("user_id", equalTo(userId)).body("role", equalTo("readonly"));
    }

    @Test
    void validatesBodyBeforeLookingUpTheWorkspace() {
        Tenant.admin().body(Map.of("name", "x", "role", "owner"))
                .post("/admin/workspaces/" + UUID.randomUUID() + "/keys").then().statusCode(400)
                .body("details[0].field", equalTo("role"));
        Tenant.admin().body(Map.of("name", "x"))
                .post("/admin/workspaces/" + UUID.randomUUID() + "/keys").then().statusCode(404);
        Tenant.admin().body(Map.of("name", "x"))
                .post("/admin/workspaces/not-a-uuid/keys").then().statusCode(400)
                .body("details[0].field", equalTo("id"));
    }

    @Test
    void rejectsBlankOrLongNames() {
        Tenant.admin().body(Map.of("name", "   ")).post("/admin/workspaces").then().statusCode(400);
        Tenant.admin().body(Map.of("name", "n".repeat(101))).post("/admin/workspaces").then().statusCode(400);
    }

    @Test
    void refusesWrongOrMissingAdminToken() {
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).post("/admin/workspaces")
                .then().statusCode(401).body("error", equalTo("Unauthorized"));
        Events.internal()
                .body(Map.of("name", "x")).post("/admin/workspaces").then().statusCode(401);
    }
}
