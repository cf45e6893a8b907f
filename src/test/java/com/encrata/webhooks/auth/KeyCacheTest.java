package com.encrata.webhooks.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.encrata.webhooks.platform.db.DatabaseNotifications;
import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.pgclient.PgConnection;

/**
 * API keys answered from memory on paths without a rate limit (/api/keys here), and what makes an
 * instance stop answering for a key: the NOTIFY of a revocation committed by any instance, the loss
 * of its LISTEN connection, and the time limit (5 s) for a change made without a NOTIFY.
 */
@QuarkusTest
class KeyCacheTest {

    private static final String REVOKE = "UPDATE api_keys SET revoked_at = now() WHERE id = ?";
    // What another instance's revoking transaction commits.
    private static final String REVOKE_AND_NOTIFY = """
            WITH r AS (UPDATE api_keys SET revoked_at = now() WHERE id = ? RETURNING id)
            SELECT pg_notify('encrata_api_keys', id::text) FROM r""";

    @Inject
    KeyCache cache;

    @Inject
    DatabaseNotifications notifications;

    @BeforeEach
    void listening() {
        await().atMost(Duration.ofSeconds(10)).until(cache::listening);
    }

    @Test
    void keyRevokedWithoutNoticeStillAnswersUntilItsTimeIsUp() {
        Tenant tenant = Tenant.create();
        tenant.api().get("/api/keys").then().statusCode(200);
        Database.update(REVOKE, UUID.fromString(tenant.keyId()));

        tenant.api().get("/api/keys").then().statusCode(200);
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200))
                .until(() -> tenant.api().get("/api/keys").statusCode() == 401);
    }

    @Test
    void keyRevokedByAnotherInstanceStopsWhenItsNoticeArrives() {
        Tenant tenant = Tenant.create();
        Tenant other = Tenant.create();
        tenant.api().get("/api/keys").then().statusCode(200);
        other.api().get("/api/keys").then().statusCode(200);

        assertThat(Database.query(REVOKE_AND_NOTIFY, UUID.fromString(tenant.keyId()))).hasSize(1);

        // Well within the 5 s an entry is kept: the notice, not the time limit, ends it.
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> tenant.api().get("/api/keys").statusCode() == 401);
        other.api().get("/api/keys").then().statusCode(200);
    }

    @Test
    void keyRevokedThroughTheApiStopsAtOnce() {
        Tenant tenant = Tenant.create();
        var issued = tenant.api().body(Map.of("name", "second")).post("/api/keys").then().statusCode(201).extract();
        String second = issued.path("key");
        Tenant.bearer(second).get("/api/keys").then().statusCode(200);

        tenant.api().queryParam("id", issued.<String>path("id")).delete("/api/keys").then().statusCode(200);

        Tenant.bearer(second).get("/api/keys").then().statusCode(401);
    }

    @Test
    void nothingIsAnsweredFromMemoryWhileTheListenConnectionIsDown() {
        Tenant tenant = Tenant.create();
        tenant.api().get("/api/keys").then().statusCode(200);
        PgConnection listenedOn = notifications.connection();

        assertThat(Database.query("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN %'""")).isNotEmpty();
        // Gone, or already replaced by a new connection (whose LISTEN may or may not be in place yet).
        await().atMost(Duration.ofSeconds(5)).until(() -> notifications.connection() != listenedOn);
        Database.update(REVOKE, UUID.fromString(tenant.keyId()));
        tenant.api().get("/api/keys").then().statusCode(401);

        // Listening again (reconnected after a second): what was kept before is gone.
        await().atMost(Duration.ofSeconds(10)).until(cache::listening);
        tenant.api().get("/api/keys").then().statusCode(401);
    }
}
