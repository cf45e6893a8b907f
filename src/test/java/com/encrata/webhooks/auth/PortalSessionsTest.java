package com.encrata.webhooks.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.auth.repository.PortalSessions;
import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** Portal sessions: short-lived tokens that act like a key of one user, workspace and role. */
@QuarkusTest
@TestProfile(PortalSessionsTest.SmallPortalLimit.class)
class PortalSessionsTest {

    public static class SmallPortalLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("encrata.portal.rate-limit-per-minute", "5", "encrata.public-url", "https://hooks.encrata.test/");
        }
    }

    @Inject
    PortalSessions sessions;

    private static Response session(String workspaceId, Map<String, Object> body) {
        return Tenant.admin().body(body).post("/admin/workspaces/" + workspaceId + "/portal-sessions").then()
                .extract().response();
    }

    @Test
    void issuesAHashedShortLivedTokenAndItsPortalLink() {
        Tenant tenant = Tenant.create();
        Instant before = Instant.now();
        Response created = session(tenant.workspaceId(), Map.of("ttl_seconds", 600));
        assertThat(created.statusCode()).isEqualTo(201);
        String token = created.path("token");
        assertThat(token).matches("enc_portal_[A-Za-z0-9]{43}");
        assertThat((String) created.path("url")).isEqualTo("https://hooks.encrata.test/portal#token=" + token);
        assertThat(Instant.parse(created.path("expires_at")))
                .isBetween(before.plusSeconds(599), Instant.now().plusSeconds(601));
        List<Map<String, Object>> stored = Database.query("SELECT token_hash FROM portal_sessions WHERE workspace_id = ?",
                UUID.fromString(tenant.workspaceId()));
        assertThat(stored).hasSize(1);
        assertThat((byte[]) stored.get(0).get("token_hash")).isEqualTo(ApiKeyTokens.hash(token));
    }

    @Test
    void actsLikeAKeyOfItsWorkspaceUntilItExpires() {
        Tenant tenant = Tenant.create();
        String webhook = Webhooks.id(tenant, Webhooks.uniqueUrl(), "credits.low");
        String token = session(tenant.workspaceId(), Map.of()).path("token");
        Tenant.bearer(token).get("/api/webhooks?id=" + webhook).then().statusCode(200).body("id", equalTo(webhook));
        Tenant.bearer(token).contentType("application/json").body(Map.of("url", Webhooks.uniqueUrl(),
                "events", List.of("credits.low"))).post("/api/webhooks").then().statusCode(201);

        Database.update("UPDATE portal_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = ?",
                (Object) ApiKeyTokens.hash(token));
        Tenant.bearer(token).get("/api/webhooks").then().statusCode(401).body("error", equalTo("Unauthorized"));
    }

    @Test
    void cannotSeeAnotherWorkspace() {
        String foreign = Webhooks.id(Tenant.create(), Webhooks.uniqueUrl(), "credits.low");
        String token = session(Tenant.create().workspaceId(), Map.of()).path("token");
        Tenant.bearer(token).get("/api/webhooks?id=" + foreign).then().statusCode(404);
    }

    @Test
    void readonlySessionsMayOnlyRead() {
        Tenant tenant = Tenant.create();
        String token = session(tenant.workspaceId(), Map.of("role", "readonly")).path("token");
        Tenant.bearer(token).get("/api/webhooks").then().statusCode(200);
        Tenant.bearer(token).contentType("application/json").body(Map.of("url", Webhooks.uniqueUrl(),
                "events", List.of("credits.low"))).post("/api/webhooks").then().statusCode(403);
    }

    @Test
    void cannotCreateApiKeys() {
        String token = session(Tenant.create().workspaceId(), Map.of()).path("token");
        Tenant.bearer(token).contentType("application/json").body(Map.of("name", "sneaky")).post("/api/keys").then()
                .statusCode(403).body("error", equalTo("Portal sessions cannot create API keys"));
        Tenant.bearer(token).get("/api/keys").then().statusCode(200);
    }

    @Test
    void hasItsOwnRateLimit() {
        String token = session(Tenant.create().workspaceId(), Map.of()).path("token");
        for (int i = 0; i < 5; i++) {
            Tenant.bearer(token).get("/api/webhooks").then().statusCode(200).header("X-RateLimit-Limit", "5");
        }
        Tenant.bearer(token).get("/api/webhooks").then().statusCode(429).header("Retry-After", startsWith(""));
    }

    @Test
    void refusesBadRequestsAndMissingWorkspaces() {
        String workspace = Tenant.create().workspaceId();
        Map<String, Object> tooShort = new HashMap<>(Map.of("ttl_seconds", 59));
        assertThat(session(workspace, tooShort).statusCode()).isEqualTo(400);
        assertThat(session(workspace, Map.of("ttl_seconds", 86401)).statusCode()).isEqualTo(400);
        assertThat(session(workspace, Map.of("role", "owner")).statusCode()).isEqualTo(400);
        assertThat(session(UUID.randomUUID().toString(), Map.of()).statusCode()).isEqualTo(404);
        Tenant.create().api().body(Map.of()).post("/admin/workspaces/" + workspace + "/portal-sessions").then()
                .statusCode(401);
    }

    @Test
    void expiredSessionsArePurged() {
        Tenant tenant = Tenant.create();
        String token = session(tenant.workspaceId(), Map.of()).path("token");
        Database.update("UPDATE portal_sessions SET expires_at = ? WHERE token_hash = ?",
                Timestamp.from(Instant.now().minus(1, ChronoUnit.MINUTES)), ApiKeyTokens.hash(token));
        sessions.purgeExpired().await().atMost(java.time.Duration.ofSeconds(10));
        assertThat(Database.query("SELECT id FROM portal_sessions WHERE workspace_id = ?",
                UUID.fromString(tenant.workspaceId()))).isEmpty();
    }
}
