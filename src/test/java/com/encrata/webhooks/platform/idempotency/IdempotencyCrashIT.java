package com.encrata.webhooks.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.PackagedApp;

import io.restassured.path.json.JsonPath;

/**
 * An Idempotency-Key can never be stuck: the packaged application is killed (kill -9) while a create
 * holding the key is inside its transaction; after a restart the retry with the same key creates the
 * webhook, exactly once.
 */
class IdempotencyCrashIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCreateKilledMidwayLeavesTheKeyFreeAndNothingCreatedTwice() throws Exception {
        Map<String, String> env = PackagedApp.productionEnvironment();
        String url = "https://crash.example.com/" + UUID.randomUUID();
        String body = "{\"url\":\"" + url + "\",\"events\":[\"credits.low\"]}";
        String workspaceId;
        String key;
        try (PackagedApp app = PackagedApp.start(env).awaitReady(Duration.ofSeconds(60))) {
            workspaceId = JsonPath.from(post(app, "/admin/workspaces", PackagedApp.ADMIN_TOKEN, null, "{\"name\":\"crash\"}")
                    .body()).getString("id");
            key = JsonPath.from(post(app, "/admin/workspaces/" + workspaceId + "/keys", PackagedApp.ADMIN_TOKEN, null,
                    "{\"name\":\"k\"}").body()).getString("key");
            try (Connection db = connect(env)) {
                db.setAutoCommit(false);
                // Hold the workspace row (not its key: the key row can still be inserted): the create records the
                // Idempotency-Key, then waits on this lock for its quota increment, inside its transaction.
                try (PreparedStatement lock = db.prepareStatement("SELECT id FROM workspaces WHERE id = ? FOR NO KEY UPDATE")) {
                    lock.setObject(1, UUID.fromString(workspaceId));
                    lock.executeQuery().close();
                }
                String finalKey = key;
                CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
                    try {
                        return post(app, "/api/webhooks", finalKey, "crash-key", body);
                    } catch (Exception e) {
                        return null;
                    }
                });
                awaitBlockedOnTheLock(env);
                app.kill();
                db.rollback();
                assertThat(inFlight.get()).isNull();
            }
        }
        try (PackagedApp app = PackagedApp.start(env).awaitReady(Duration.ofSeconds(60))) {
            HttpResponse<String> retried = post(app, "/api/webhooks", key, "crash-key", body);
            assertThat(retried.statusCode()).isEqualTo(201);
            HttpResponse<String> replayed = post(app, "/api/webhooks", key, "crash-key", body);
            assertThat(replayed.statusCode()).isEqualTo(201);
            assertThat(JsonPath.from(replayed.body()).getString("id")).isEqualTo(JsonPath.from(retried.body()).getString("id"));
        }
        try (Connection db = connect(env); PreparedStatement count = db.prepareStatement(
                "SELECT count(*) FROM webhooks WHERE workspace_id = ? AND url = ?")) {
            count.setObject(1, UUID.fromString(workspaceId));
            count.setString(2, url);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }

    private HttpResponse<String> post(PackagedApp app, String path, String token, String idempotencyKey, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.url() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitBlockedOnTheLock(Map<String, String> env) throws Exception {
        try (Connection watcher = connect(env); PreparedStatement waiting = watcher.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%webhook_count%'")) {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                try (ResultSet rows = waiting.executeQuery()) {
                    return rows.next() && rows.getInt(1) > 0;
                }
            });
        }
    }

    private static Connection connect(Map<String, String> env) throws Exception {
        return DriverManager.getConnection("jdbc:" + env.get("QUARKUS_DATASOURCE_REACTIVE_URL"),
                env.get("QUARKUS_DATASOURCE_USERNAME"), env.get("QUARKUS_DATASOURCE_PASSWORD"));
    }
}
