package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.PackagedApp;

import io.restassured.path.json.JsonPath;

/**
 * Operational events against the packaged application as processes of their own: an alert is
 * recorded exactly when the outcome that causes it is ({@code kill -9} while that outcome is being
 * written, and after it was written but before the alert was fanned out), and two instances sending
 * one failing webhook's deliveries report its streak once.
 */
class OperationalEventsCrashIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpsReceiver RECEIVER = new HttpsReceiver();
    private static String trustStore;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startReceiver() {
        trustStore = RECEIVER.start().get("encrata.delivery.trust-store");
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    @Test
    void killedWhileTheOutcomeIsWrittenTheAlertIsRecordedWithTheRetriedOutcomeOnly() throws Exception {
        Map<String, String> env = environment(1);
        String watcherUrl = HttpsReceiver.url("ok");
        String failingUrl = HttpsReceiver.url("fail");
        String failing;
        try (PackagedApp app = PackagedApp.start(env).awaitReady(WAIT); Connection db = connect(env)) {
            String key = workspaceKey(app);
            webhook(app, key, watcherUrl, "webhook.failing");
            failing = webhook(app, key, failingUrl, "lookup.completed");
            db.setAutoCommit(false);
            // Hold the failing webhook's row: the first attempt is sent and answered 500, and the statement
            // recording it (and the alert it causes, the threshold being 1) waits on this lock.
            try (PreparedStatement lock = db.prepareStatement("SELECT id FROM webhooks WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, UUID.fromString(failing));
                lock.executeQuery().close();
            }
            postEvent(app, workspaceOf(env, failing));
            // (The outcome statement, as the server shows it: only its start fits in pg_stat_activity.)
            awaitWaitingOnALock(app, env, "WITH v AS%");
            app.kill();
            abortWaiting(env, "WITH v AS%");
            db.rollback();
        }
        // The outcome died with the instance, and the alert with it.
        assertThat(count(env, "SELECT count(*) FROM operational_events o JOIN webhooks w ON w.workspace_id = o.workspace_id "
                + "WHERE w.id = ?", failing)).isZero();
        assertThat(count(env, "SELECT consecutive_failures FROM webhooks WHERE id = ?", failing)).isZero();
        assertThat(count(env, "SELECT attempts FROM delivery_queue WHERE webhook_id = ?", failing)).isZero();

        // Another instance takes the delivery over once its lease has run out; its outcome brings the alert.
        try (PackagedApp app = PackagedApp.start(env).awaitReady(WAIT)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(HttpsReceiver.receivedAt(watcherUrl)).hasSize(1));
            await().atMost(WAIT).until(() -> count(env, "SELECT count(*) FROM delivery_queue WHERE webhook_id = ?", failing) == 0);
        }
        JsonPath alert = body(HttpsReceiver.receivedAt(watcherUrl).get(0));
        assertThat(alert.getString("event")).isEqualTo("webhook.failing");
        assertThat(alert.getString("data.webhook_id")).isEqualTo(failing);
        assertThat(alert.getInt("data.consecutive_failures")).as("the alert %s; the receiver's requests at %s",
                alert.prettify(), HttpsReceiver.receivedAt(failingUrl).stream().map(HttpsReceiver.Received::at).toList())
                .isEqualTo(1);
        assertThat(operationalEvents(env, failing, "webhook.failing")).isEqualTo(1);
        // Three attempts were recorded (the killed one was sent, but its outcome never was).
        assertThat(count(env, "SELECT attempts FROM deliveries WHERE webhook_id = ?", failing)).isEqualTo(3);
        assertThat(count(env, "SELECT consecutive_failures FROM webhooks WHERE id = ?", failing)).isEqualTo(3);
        assertThat(HttpsReceiver.receivedAt(failingUrl)).hasSize(4);
    }

    @Test
    void killedAfterTheOutcomeIsWrittenTheAlertIsFannedOutByAnotherInstanceOnce() throws Exception {
        Map<String, String> env = environment(4);
        String watcherUrl = HttpsReceiver.url("ok");
        String failingUrl = HttpsReceiver.url("fail");
        String failing;
        String workspaceId;
        try (PackagedApp app = PackagedApp.start(env).awaitReady(WAIT); Connection db = connect(env)) {
            String key = workspaceKey(app);
            webhook(app, key, watcherUrl, "webhook.failing");
            failing = webhook(app, key, failingUrl, "lookup.completed");
            workspaceId = workspaceOf(env, failing);
            postEvent(app, workspaceId);
            // Three failed attempts: exhausted, a streak of three, below the threshold of four.
            await().atMost(WAIT).until(() -> count(env, "SELECT count(*) FROM deliveries WHERE webhook_id = ? "
                    + "AND status = 'failed'", failing) == 1);
            String deliveryId = JsonPath.from(get(app, key, "/api/webhooks/deliveries?webhook_id=" + failing).body())
                    .getString("[0].id");
            // Hold the workspace row: storing the alert's event (its workspace key) waits on this lock, after the
            // redelivery's outcome and the alert's record have committed.
            db.setAutoCommit(false);
            try (PreparedStatement lock = db.prepareStatement("SELECT id FROM workspaces WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, UUID.fromString(workspaceId));
                lock.executeQuery().close();
            }
            assertThat(post(app, key, "/api/webhooks/deliveries/retry", "{\"id\":\"" + deliveryId + "\"}").statusCode())
                    .isEqualTo(202);
            // (The fan-out of an operational event: never to the webhook it is about.)
            awaitWaitingOnALock(app, env, "%w.id <> $16%");
            app.kill();
            abortWaiting(env, "%w.id <> $16%");
            db.rollback();
        }
        assertThat(count(env, "SELECT attempts FROM deliveries WHERE webhook_id = ?", failing)).isEqualTo(4);
        assertThat(count(env, "SELECT count(*) FROM operational_events WHERE webhook_id = ? AND event_type = 'webhook.failing'",
                failing)).isEqualTo(1);
        assertThat(HttpsReceiver.receivedAt(watcherUrl)).isEmpty();

        try (PackagedApp app = PackagedApp.start(env).awaitReady(WAIT)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(HttpsReceiver.receivedAt(watcherUrl)).hasSize(1));
        }
        JsonPath alert = body(HttpsReceiver.receivedAt(watcherUrl).get(0));
        assertThat(alert.getString("event")).isEqualTo("webhook.failing");
        assertThat(alert.getInt("data.consecutive_failures")).isEqualTo(4);
        assertThat(operationalEvents(env, failing, "webhook.failing")).isEqualTo(1);
        assertThat(count(env, "SELECT count(*) FROM operational_events WHERE webhook_id = ?", failing)).isZero();
    }

    @Test
    void twoInstancesReportOneStreakOnceAndEachExhaustedDeliveryOnce() throws Exception {
        Map<String, String> first = environment(5);
        Map<String, String> second = new HashMap<>(first);
        second.put("QUARKUS_HTTP_PORT", String.valueOf(PackagedApp.productionEnvironment().get("QUARKUS_HTTP_PORT")));
        String watcherUrl = HttpsReceiver.url("ok");
        // Forty failed attempts, then successes: 20 deliveries of three attempts each, sent by both instances.
        String flakyUrl = HttpsReceiver.url("flaky-40");
        try (PackagedApp a = PackagedApp.start(first).awaitReady(WAIT); PackagedApp b = PackagedApp.start(second).awaitReady(WAIT)) {
            String key = workspaceKey(a);
            webhook(a, key, watcherUrl, "webhook.failing", "webhook.recovered", "delivery.exhausted");
            String flaky = webhook(a, key, flakyUrl, "lookup.completed");
            String workspaceId = workspaceOf(first, flaky);
            for (int i = 0; i < 20; i++) {
                postEvent(i % 2 == 0 ? a : b, workspaceId);
            }
            try {
                await().atMost(WAIT).until(() -> count(first, "SELECT count(*) FROM deliveries WHERE webhook_id = ?", flaky) == 20);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("Not every delivery is final: " + count(first,
                        "SELECT count(*) FROM deliveries WHERE webhook_id = ?", flaky) + " of 20; A said:\n" + a.output()
                        + "\nB said:\n" + b.output(), e);
            }
            long exhausted = count(first, "SELECT count(*) FROM deliveries WHERE webhook_id = ? AND status = 'failed'", flaky);
            assertThat(exhausted).isPositive();
            await().atMost(WAIT).untilAsserted(() -> assertThat(HttpsReceiver.receivedAt(watcherUrl)).hasSize((int) exhausted + 2));
            assertThat(operationalEvents(first, flaky, "webhook.failing")).isEqualTo(1);
            assertThat(operationalEvents(first, flaky, "webhook.recovered")).isEqualTo(1);
            assertThat(operationalEvents(first, flaky, "delivery.exhausted")).isEqualTo(exhausted);
            List<String> exhaustedIds = HttpsReceiver.receivedAt(watcherUrl).stream().map(OperationalEventsCrashIT::body)
                    .filter(e -> "delivery.exhausted".equals(e.getString("event"))).map(e -> e.getString("data.delivery_id"))
                    .toList();
            assertThat(exhaustedIds).doesNotHaveDuplicates().hasSize((int) exhausted);
            assertThat(HttpsReceiver.receivedAt(watcherUrl)).extracting(r -> r.headers().get("webhook-id"))
                    .doesNotHaveDuplicates();
        }
    }

    /**
     * The production environment on a database of its own (an application another suite left running on
     * the shared one would claim these deliveries too), with the test receiver trusted, retries
     * compressed and short leases.
     */
    private static Map<String, String> environment(int failingAfter) throws Exception {
        Map<String, String> env = new HashMap<>(PackagedApp.productionEnvironment());
        String name = "ops_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection db = connect(env); java.sql.Statement create = db.createStatement()) {
            create.execute("CREATE DATABASE " + name);
        }
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL",
                env.get("QUARKUS_DATASOURCE_REACTIVE_URL").replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"));
        env.put("ENCRATA_DELIVERY_TRUST_STORE", trustStore);
        env.put("ENCRATA_DELIVERY_ALLOW_PRIVATE_TARGETS", "true");
        env.put("ENCRATA_DELIVERY_RETRY_SCHEDULE", "200ms,200ms");
        env.put("ENCRATA_DELIVERY_LEASE", "2s");
        env.put("ENCRATA_DELIVERY_POLL_INTERVAL", "200ms");
        env.put("ENCRATA_OPS_FAILING_AFTER", String.valueOf(failingAfter));
        env.put("ENCRATA_OPS_SWEEP_INTERVAL", "1s");
        return env;
    }

    private String workspaceKey(PackagedApp app) throws Exception {
        String workspaceId = JsonPath.from(post(app, PackagedApp.ADMIN_TOKEN, "/admin/workspaces", "{\"name\":\"ops\"}").body())
                .getString("id");
        return JsonPath.from(post(app, PackagedApp.ADMIN_TOKEN, "/admin/workspaces/" + workspaceId + "/keys",
                "{\"name\":\"k\"}").body()).getString("key");
    }

    private String webhook(PackagedApp app, String key, String url, String... events) throws Exception {
        String list = String.join("\",\"", events);
        HttpResponse<String> created = post(app, key, "/api/webhooks", "{\"url\":\"" + url + "\",\"events\":[\"" + list + "\"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        return JsonPath.from(created.body()).getString("id");
    }

    private void postEvent(PackagedApp app, String workspaceId) throws Exception {
        HttpResponse<String> accepted = post(app, PackagedApp.INTERNAL_TOKEN, "/internal/events",
                "{\"workspace_id\":\"" + workspaceId + "\",\"event\":\"lookup.completed\",\"data\":{}}");
        assertThat(accepted.statusCode()).isEqualTo(202);
    }

    private HttpResponse<String> post(PackagedApp app, String token, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.url() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(PackagedApp app, String token, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.url() + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonPath body(HttpsReceiver.Received received) {
        return JsonPath.from(new String(received.body(), StandardCharsets.UTF_8));
    }

    private static String workspaceOf(Map<String, String> env, String webhookId) throws Exception {
        try (Connection db = connect(env); PreparedStatement query = db.prepareStatement(
                "SELECT workspace_id::text FROM webhooks WHERE id = ?")) {
            query.setObject(1, UUID.fromString(webhookId));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    /** Operational events stored (fanned out) about the webhook. */
    private static long operationalEvents(Map<String, String> env, String webhookId, String type) throws Exception {
        return count(env, "SELECT count(*) FROM events WHERE event_type = ? AND (body::jsonb -> 'data' ->> 'webhook_id')::uuid = ?",
                type, webhookId);
    }

    /** The first column of the first row (0 when there is none). */
    private static long count(Map<String, String> env, String sql, String... params) throws Exception {
        try (Connection db = connect(env); PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                query.setObject(i + 1, params[i].length() == 36 && params[i].charAt(8) == '-' ? UUID.fromString(params[i])
                        : params[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    private static void awaitWaitingOnALock(PackagedApp app, Map<String, String> env, String queryLike) throws Exception {
        try (Connection watcher = connect(env); PreparedStatement waiting = watcher.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
                + "AND query LIKE ?")) {
            waiting.setString(1, queryLike);
            await().atMost(WAIT).until(() -> {
                try (ResultSet rows = waiting.executeQuery()) {
                    return rows.next() && rows.getInt(1) > 0;
                }
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("No statement like " + queryLike + " waited on a lock; the application said:\n"
                    + app.output(), e);
        }
    }

    /**
     * Ends the dead instance's statement that waits on the test's lock, as the server does when it notices
     * the client gone: a backend waiting on a lock does not look at its socket, and would otherwise go on
     * and commit the statement once the lock is released.
     */
    private static void abortWaiting(Map<String, String> env, String queryLike) throws Exception {
        try (Connection db = connect(env); PreparedStatement terminate = db.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock' AND query LIKE ?")) {
            terminate.setString(1, queryLike);
            try (ResultSet rows = terminate.executeQuery()) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }

    private static Connection connect(Map<String, String> env) throws Exception {
        return DriverManager.getConnection("jdbc:" + env.get("QUARKUS_DATASOURCE_REACTIVE_URL"),
                env.get("QUARKUS_DATASOURCE_USERNAME"), env.get("QUARKUS_DATASOURCE_PASSWORD"));
    }
}
