package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/** Webhooks scheduled on their own: fifo ordering and a rate limit (SPEC §10). */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class ScheduledDeliveriesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool shared;

    @ConfigProperty(name = "quarkus.datasource.reactive.max-size")
    int sharedConnections;

    @Test
    void aFifoWebhookGetsItsDeliveriesOneAtATimeInTheOrderEventsWereAccepted() {
        Tenant tenant = Tenant.create();
        // Each answer takes 60 ms: a delivery sent before the previous one was answered arrives sooner.
        String url = HttpsReceiver.url("delay-60");
        create(tenant, Map.of("url", url, "events", List.of("credits.low"), "ordering", "fifo"));

        IntStream.range(0, 20).forEach(n -> post(tenant, n));

        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() >= 20);
        assertThat(numbers(url)).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
        List<Instant> arrivals = HttpsReceiver.receivedAt(url).stream().map(HttpsReceiver.Received::at).toList();
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(Duration.between(arrivals.get(i - 1), arrivals.get(i))).as("gap before delivery %d", i)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(55));
        }
    }

    @Test
    void aFailingHeadHoldsTheDeliveriesBehindItThroughItsRetries() {
        Tenant tenant = Tenant.create();
        // Fails the first two requests, then answers 200.
        String url = HttpsReceiver.url("flaky-2");
        create(tenant, Map.of("url", url, "events", List.of("credits.low"), "ordering", "fifo"));

        IntStream.range(0, 3).forEach(n -> post(tenant, n));

        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() >= 5);
        assertThat(numbers(url)).containsExactly(0, 0, 0, 1, 2);
    }

    @Test
    void switchingAFifoWebhookToUnorderedReleasesItsQueue() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("fail");
        String id = create(tenant, Map.of("url", url, "events", List.of("credits.low"), "ordering", "fifo"));
        IntStream.range(0, 3).forEach(n -> post(tenant, n));
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() >= 2);
        assertThat(numbers(url)).containsOnly(0);

        tenant.api().body(Map.of("id", id, "url", url, "ordering", "unordered")).put("/api/webhooks").then().statusCode(200);

        await().atMost(WAIT).until(() -> numbers(url).containsAll(List.of(1, 2)));
        tenant.api().get("/api/webhooks?id=" + id).then().statusCode(200).body("ordering", equalTo("unordered"));
    }

    @Test
    void aFifoWebhooksNextDeliveryDoesNotWaitWhileRequestsHoldEverySharedConnection() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("delay-300");
        create(tenant, Map.of("url", url, "events", List.of("credits.low"), "ordering", "fifo"));
        post(tenant, 0);
        post(tenant, 1);
        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() >= 1);

        // Every connection of the pool that requests share is busy for 4 s from here: the first
        // delivery's outcome and the second one's claim run on the engine's own connections.
        Instant blocked = Instant.now();
        List<CompletableFuture<?>> sleeps = IntStream.range(0, sharedConnections)
                .mapToObj(i -> shared.query("SELECT pg_sleep(4)").execute().subscribeAsCompletionStage())
                .<CompletableFuture<?>>map(f -> f).toList();

        await().atMost(WAIT).until(() -> numbers(url).contains(1));
        assertThat(sleeps).as("the shared connections are still busy").noneMatch(CompletableFuture::isDone);
        Instant second = HttpsReceiver.receivedAt(url).get(numbers(url).indexOf(1)).at();
        assertThat(Duration.between(blocked, second)).isLessThan(Duration.ofSeconds(3));
        // In order: the first (with any retry of it) before the second.
        assertThat(numbers(url)).endsWith(1).containsOnlyOnce(1).contains(0);
        sleeps.forEach(CompletableFuture::join);
    }

    @Test
    void aRateLimitedWebhookGetsNoMoreThanItsLimitAndDrainsAtThatPace() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        create(tenant, Map.of("url", url, "events", List.of("credits.low"), "rate_limit", 10));

        IntStream.range(0, 40).forEach(n -> post(tenant, n));

        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() >= 40);
        List<Instant> arrivals = HttpsReceiver.receivedAt(url).stream().map(HttpsReceiver.Received::at).sorted().toList();
        // 10 a second, with at most half a second's worth at once: no second holds more than 15 ...
        for (Instant start : arrivals) {
            long inOneSecond = arrivals.stream().filter(t -> !t.isBefore(start) && t.isBefore(start.plusSeconds(1))).count();
            assertThat(inOneSecond).as("arrivals in the second from %s", start).isLessThanOrEqualTo(15);
        }
        // ... and the 40 take about 3.5 s (40 less the first 5, at 10 a second), not much longer.
        Duration took = Duration.between(arrivals.get(0), arrivals.get(arrivals.size() - 1));
        assertThat(took).isBetween(Duration.ofMillis(3000), Duration.ofMillis(6000));
    }

    @Test
    void workQueuedWhileTheLanesClaimWaitsIsSentAtOnceNotAfterALease() throws SQLException {
        Tenant tenant = Tenant.create();
        List<String> urls = List.of(HttpsReceiver.url("ok"), HttpsReceiver.url("ok"));
        List<String> ids = urls.stream().map(url -> create(tenant, Map.of("url", url, "events", List.of("credits.low"),
                "rate_limit", 1000))).toList();
        // Lanes are claimed in id order: the claim waits in the first lane, then takes the second one's work.
        int first = ids.get(0).compareTo(ids.get(1)) < 0 ? 0 : 1;
        String later = urls.get(1 - first);

        try (Connection intake = Database.begin();
                PreparedStatement pace = intake.prepareStatement(
                        "INSERT INTO webhook_pace (webhook_id, tokens, refilled_at) VALUES (?, 500, now())");
                PreparedStatement queued = intake.prepareStatement("""
                        INSERT INTO delivery_queue (id, webhook_id, event_type, payload, created_at, due_at, seq)
                        VALUES (gen_random_uuid(), ?, 'credits.low', '{"type":"credits.low","data":{"n":1}}', now(), now(),
                                nextval('delivery_queue_seq_order'))""")) {
            // A transaction like intake's, begun before the claim: the first lane's bucket, which it is
            // creating, holds the claim up until it commits.
            pace.setObject(1, UUID.fromString(ids.get(first)));
            pace.executeUpdate();
            post(tenant, 0);
            await().atMost(WAIT).until(() -> !Database.query("""
                    SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%encrata_claim_lanes%'""")
                    .isEmpty());
            // Due before the claim began, committed after: the second lane's claim takes it.
            queued.setObject(1, UUID.fromString(ids.get(1 - first)));
            queued.executeUpdate();
            intake.commit();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> HttpsReceiver.receivedAt(later).size() >= 2);
        assertThat(numbers(later)).containsExactlyInAnyOrder(0, 1);
        assertThat(numbers(urls.get(first))).containsExactly(0);
    }

    @Test
    void orderingAndRateLimitAreShownAndUpdatedLikeTheOtherFields() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        String id = tenant.api().body(Map.of("url", url, "events", List.of("credits.low"))).post("/api/webhooks")
                .then().statusCode(201).body("ordering", equalTo("unordered")).body("rate_limit", nullValue())
                .extract().path("id");

        tenant.api().body(Map.of("id", id, "url", url, "rate_limit", 250, "ordering", "fifo")).put("/api/webhooks")
                .then().statusCode(200);
        tenant.api().get("/api/webhooks?id=" + id).then().body("rate_limit", equalTo(250)).body("ordering", equalTo("fifo"));
        // Omitted keeps; 0 removes the limit.
        tenant.api().body(Map.of("id", id, "url", url)).put("/api/webhooks").then().statusCode(200);
        tenant.api().get("/api/webhooks?id=" + id).then().body("rate_limit", equalTo(250));
        tenant.api().body(Map.of("id", id, "url", url, "rate_limit", 0)).put("/api/webhooks").then().statusCode(200);
        tenant.api().get("/api/webhooks?id=" + id).then().body("rate_limit", nullValue()).body("ordering", equalTo("fifo"));
    }

    @Test
    void refusesABadOrderingOrRateLimitNamingTheFieldAndChangesNothing() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        for (Object bad : List.of(0, 10_001, -1, "5", 2.5, true)) {
            tenant.api().body(Map.of("url", url, "events", List.of("credits.low"), "rate_limit", bad)).post("/api/webhooks")
                    .then().statusCode(400).body("details[0].field", equalTo("rate_limit"));
        }
        for (Object bad : List.of("lifo", "FIFO", "", 1, false)) {
            tenant.api().body(Map.of("url", url, "events", List.of("credits.low"), "ordering", bad)).post("/api/webhooks")
                    .then().statusCode(400).body("details[0].field", equalTo("ordering"));
        }
        tenant.api().get("/api/webhooks").then().statusCode(200).body("size()", equalTo(0));

        String id = create(tenant, Map.of("url", url, "events", List.of("credits.low"), "rate_limit", 7));
        tenant.api().body(Map.of("id", id, "url", url, "rate_limit", 10_001)).put("/api/webhooks")
                .then().statusCode(400).body("details[0].field", equalTo("rate_limit"));
        tenant.api().body(Map.of("id", id, "url", url, "ordering", "sorted")).put("/api/webhooks")
                .then().statusCode(400).body("details[0].field", equalTo("ordering"));
        tenant.api().get("/api/webhooks?id=" + id).then().body("rate_limit", equalTo(7)).body("ordering", equalTo("unordered"));
    }

    private static String create(Tenant tenant, Map<String, Object> body) {
        return tenant.api().body(new HashMap<>(body)).post("/api/webhooks").then().statusCode(201).extract().path("id");
    }

    /** One credits.low event with data {"n": n}, accepted (202) before the next is sent. */
    private static void post(Tenant tenant, int n) {
        Events.post("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"credits.low\",\"data\":{\"n\":" + n + "}}")
                .statusCode(202);
    }

    /** The n of each request the receiver got at {@code url}, in arrival order. */
    private static List<Integer> numbers(String url) {
        return HttpsReceiver.receivedAt(url).stream()
                .map(r -> JsonPath.from(new String(r.body(), StandardCharsets.UTF_8)).getInt("data.n")).toList();
    }
}
