package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Events that reach intake at the same time are stored together, and each still gets its own answer:
 * its delivery count, its filters, its idempotency, its missing workspace.
 */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class ConcurrentIntakeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern MAX_TOGETHER = Pattern.compile("encrata_intake_statement_events_max ([0-9.]+)");

    @TestHTTPResource("/internal/events")
    URI intake;

    private final HttpClient client = HttpClient.newHttpClient();

    private static String webhook(Tenant tenant, String url, String filter) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        body.put("events", List.of("credits.low"));
        body.put("filter", filter);
        return tenant.api().body(body).post("/api/webhooks").then().statusCode(201).extract().path("id");
    }

    private CompletableFuture<HttpResponse<String>> post(String workspaceId, String sourceId, int balance) {
        String json = "{" + (sourceId == null ? "" : "\"id\":\"" + sourceId + "\",") + "\"workspace_id\":\"" + workspaceId
                + "\",\"event\":\"credits.low\",\"data\":{\"balance\":" + balance + "}}";
        return client.sendAsync(HttpRequest.newBuilder(intake).header("Authorization", "Bearer " + Events.INTERNAL_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int countOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JsonPath.from(response.body()).getInt("deliveries");
    }

    private static double mostStoredTogether() {
        Matcher m = MAX_TOGETHER.matcher(RestAssured.get("/q/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static long distinct(String url) {
        return HttpsReceiver.receivedAt(url).stream().map(r -> r.headers().get("webhook-id")).distinct().count();
    }

    @Test
    void eventsStoredTogetherEachGetTheirOwnOutcome() {
        Tenant first = Tenant.create();
        Tenant second = Tenant.create();
        String firstAll = HttpsReceiver.url("ok");
        String firstLow = HttpsReceiver.url("ok");
        String secondAll = HttpsReceiver.url("ok");
        webhook(first, firstAll, null);
        webhook(first, firstLow, "data.balance < 100");
        webhook(second, secondAll, null);
        String missing = UUID.randomUUID().toString();

        // Three rounds, so that some events of each kind wait for a statement behind the others.
        List<CompletableFuture<HttpResponse<String>>> firsts = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> seconds = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> repeated = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> nowhere = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 40; i++) {
                firsts.add(post(first.workspaceId(), null, i % 2 == 0 ? 50 : 500));
                seconds.add(post(second.workspaceId(), "second-" + round + "-" + i, i));
                if (i % 8 == 0) {
                    repeated.add(post(first.workspaceId(), "the-same-event", 1));
                    nowhere.add(post(missing, null, 1));
                }
            }
            CompletableFuture.allOf(firsts.get(firsts.size() - 1), seconds.get(seconds.size() - 1)).join();
        }

        // Each first-workspace event goes to the webhook without a filter, and the low ones to the filtered one too.
        for (int i = 0; i < firsts.size(); i++) {
            assertThat(countOf(firsts.get(i).join())).isEqualTo(i % 2 == 0 ? 2 : 1);
        }
        seconds.forEach(f -> assertThat(countOf(f.join())).isEqualTo(1));
        // The same producer id sent 15 times at once is stored once, and each answer is that event's.
        repeated.forEach(f -> {
            HttpResponse<String> response = f.join();
            assertThat(countOf(response)).isEqualTo(2);
            assertThat(JsonPath.from(response.body()).getString("id")).isEqualTo("the-same-event");
        });
        nowhere.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(404));
        assertThat(mostStoredTogether()).as("some events were stored by one statement").isGreaterThan(1);

        assertThat(Database.query("SELECT id FROM events WHERE workspace_id = ?::uuid AND event_type = 'credits.low'",
                first.workspaceId())).hasSize(firsts.size() + 1);
        assertThat(Database.query("SELECT id FROM events WHERE workspace_id = ?::uuid", missing)).isEmpty();
        assertThat(Database.query("""
                SELECT e.id FROM events e
                WHERE e.workspace_id = ?::uuid AND e.source_id LIKE 'second-%'
                  AND e.delivery_count = 1""", second.workspaceId())).hasSize(seconds.size());
        // Distinct messages: under load a delivery that times out is sent again (at least once).
        await().atMost(WAIT).untilAsserted(() -> assertThat(List.of(distinct(firstAll), distinct(firstLow), distinct(secondAll)))
                .containsExactly(firsts.size() + 1L, firsts.size() / 2 + 1L, (long) seconds.size()));
    }
}
