package com.encrata.webhooks.delivery.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** The whole delivery log (SPEC §3): filters, keyset paging with Link: rel="next", and recover's window. */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class DeliveryLogPagingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern NEXT = Pattern.compile("<(/api/webhooks/deliveries\\?[^>]+)>; rel=\"next\"");

    private static void raise(Tenant tenant, String type, int n) {
        Events.internal().body(Map.of("workspace_id", tenant.workspaceId(), "event", type, "data", Map.of("n", n)))
                .post("/internal/events").then().statusCode(202);
    }

    private static List<Map<String, Object>> all(Tenant tenant, String webhookId) {
        return tenant.api().queryParam("webhook_id", webhookId).queryParam("limit", 100).get("/api/webhooks/deliveries")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** Every page from {@code first} on, following Link until there is none. */
    private static List<List<Map<String, Object>>> pages(Tenant tenant, String first) {
        List<List<Map<String, Object>>> pages = new ArrayList<>();
        String next = first;
        while (next != null) {
            // A Link is already encoded: sent as it is.
            Response page = tenant.api().urlEncodingEnabled(false).get(next).then().statusCode(200).extract().response();
            pages.add(page.jsonPath().getList("$"));
            next = next(page);
        }
        return pages;
    }

    private static String next(Response page) {
        String link = page.header("Link");
        if (link == null) {
            return null;
        }
        Matcher m = NEXT.matcher(link);
        assertThat(m.matches()).as(link).isTrue();
        return m.group(1);
    }

    private static Instant at(Map<String, Object> delivery) {
        return Instant.parse((String) delivery.get("created_at"));
    }

    private static List<Object> ids(List<Map<String, Object>> deliveries) {
        return deliveries.stream().map(d -> d.get("id")).toList();
    }

    private static String successful(Tenant tenant, int lookups, int credits) {
        String id = Webhooks.id(tenant, HttpsReceiver.url("ok"), "lookup.completed", "credits.low");
        // The two types taking turns while both last.
        for (int i = 0, l = 0, c = 0; i < lookups + credits; i++) {
            boolean credit = c < credits && (l >= lookups || i % 2 == 1);
            raise(tenant, credit ? "credits.low" : "lookup.completed", i);
            if (credit) {
                c++;
            } else {
                l++;
            }
        }
        await().atMost(WAIT).until(() -> all(tenant, id).stream().filter(d -> "success".equals(d.get("status")))
                .count() == lookups + credits);
        return id;
    }

    @Test
    void pagesThroughTheWholeLogNewestFirstEachDeliveryOnce() {
        Tenant tenant = Tenant.create();
        String id = successful(tenant, 4, 3);
        List<Map<String, Object>> log = all(tenant, id);
        List<Object> expected = ids(log);
        // Both types, merged newest first: the history is read one event type at a time.
        assertThat(log).extracting(d -> d.get("event_type")).containsOnly("lookup.completed", "credits.low").hasSize(7);
        assertThat(log).extracting(DeliveryLogPagingTest::at).isSortedAccordingTo(Comparator.reverseOrder());

        List<List<Map<String, Object>>> pages = pages(tenant, "/api/webhooks/deliveries?webhook_id=" + id + "&limit=3");

        assertThat(pages).extracting(List::size).containsExactly(3, 3, 1);
        assertThat(pages.stream().flatMap(p -> ids(p).stream()).toList()).isEqualTo(expected).doesNotHaveDuplicates();
        // Exactly one page when everything fits: no Link.
        Response whole = tenant.api().queryParam("webhook_id", id).queryParam("limit", 7).get("/api/webhooks/deliveries")
                .then().statusCode(200).extract().response();
        assertThat(whole.header("Link")).isNull();
        Response cut = tenant.api().queryParam("webhook_id", id).queryParam("limit", 6).get("/api/webhooks/deliveries")
                .then().statusCode(200).extract().response();
        assertThat(next(cut)).isEqualTo("/api/webhooks/deliveries?webhook_id=" + id + "&limit=6&starting_after="
                + expected.get(5));
    }

    @Test
    void aLogThatGrowsWhilePagedGivesEveryEarlierDeliveryExactlyOnce() {
        Tenant tenant = Tenant.create();
        String id = successful(tenant, 5, 0);
        List<Object> existing = ids(all(tenant, id));
        Response first = tenant.api().queryParam("webhook_id", id).queryParam("limit", 2).get("/api/webhooks/deliveries")
                .then().statusCode(200).extract().response();
        for (int i = 0; i < 4; i++) {
            raise(tenant, "lookup.completed", 100 + i);
        }
        await().atMost(WAIT).until(() -> all(tenant, id).size() == 9);

        List<Object> seen = new ArrayList<>(ids(first.jsonPath().getList("$")));
        pages(tenant, next(first)).forEach(page -> seen.addAll(ids(page)));

        assertThat(seen).isEqualTo(existing);
    }

    @Test
    void filtersByEventTypeAndTimeAndPagesWithTheSameFilters() {
        Tenant tenant = Tenant.create();
        String id = successful(tenant, 4, 3);
        List<Map<String, Object>> log = all(tenant, id);

        List<List<Map<String, Object>>> credits = pages(tenant,
                "/api/webhooks/deliveries?webhook_id=" + id + "&limit=2&event_type=credits.low");
        assertThat(credits.stream().flatMap(List::stream).map(d -> d.get("event_type")).toList())
                .containsExactly("credits.low", "credits.low", "credits.low");
        assertThat(credits.stream().flatMap(p -> ids(p).stream()).toList()).isEqualTo(
                ids(log.stream().filter(d -> "credits.low".equals(d.get("event_type"))).toList()));

        // since is inclusive and until exclusive, on created_at; an offset other than Z means the same instant.
        String oldest = (String) log.get(log.size() - 1).get("created_at");
        String newest = (String) log.get(0).get("created_at");
        List<Map<String, Object>> window = tenant.api().queryParam("webhook_id", id).queryParam("since", oldest)
                .queryParam("until", newest).get("/api/webhooks/deliveries").then().statusCode(200).extract()
                .jsonPath().getList("$");
        // Compared as times: a time on a whole second is written without a fraction ("...:51Z").
        assertThat(window).isNotEmpty().allMatch(d -> !at(d).isBefore(Instant.parse(oldest))
                && at(d).isBefore(Instant.parse(newest)));
        assertThat(ids(window)).contains(log.get(log.size() - 1).get("id")).doesNotContain(log.get(0).get("id"));
        tenant.api().queryParam("webhook_id", id).queryParam("since", "2999-01-01T00:00:00+01:00")
                .get("/api/webhooks/deliveries").then().statusCode(200).body("size()", equalTo(0));
        tenant.api().queryParam("webhook_id", id).queryParam("status", "success").queryParam("event_type", "lookup.completed")
                .get("/api/webhooks/deliveries").then().statusCode(200).body("size()", equalTo(4));
        tenant.api().queryParam("webhook_id", id).queryParam("status", "pending").queryParam("event_type", "lookup.completed")
                .get("/api/webhooks/deliveries").then().statusCode(200).body("size()", equalTo(0));
        // A status alone: every type, newest first, page by page.
        tenant.api().queryParam("webhook_id", id).queryParam("status", "pending").get("/api/webhooks/deliveries")
                .then().statusCode(200).body("size()", equalTo(0));
        assertThat(pages(tenant, "/api/webhooks/deliveries?webhook_id=" + id + "&limit=3&status=success").stream()
                .flatMap(p -> ids(p).stream()).toList()).isEqualTo(ids(log));
        tenant.api().queryParam("webhook_id", id).queryParam("status", "failed").get("/api/webhooks/deliveries")
                .then().statusCode(200).body("size()", equalTo(0));

        // The Link keeps every filter, encoded.
        Response filtered = tenant.api().queryParam("webhook_id", id).queryParam("limit", 1).queryParam("status", "success")
                .queryParam("event_type", "credits.low").queryParam("since", "2020-01-01T00:00:00+02:00")
                .get("/api/webhooks/deliveries").then().statusCode(200).extract().response();
        assertThat(next(filtered)).isEqualTo("/api/webhooks/deliveries?webhook_id=" + id
                + "&limit=1&status=success&event_type=credits.low&since=2020-01-01T00%3A00%3A00%2B02%3A00&starting_after="
                + ids(filtered.jsonPath().getList("$")).get(0));
        assertThat(pages(tenant, next(filtered)).stream().mapToInt(List::size).sum()).isEqualTo(2);
    }

    @Test
    void badLogParametersAreA400AndAForeignCursorA404() {
        Tenant tenant = Tenant.create();
        String id = successful(tenant, 1, 0);
        String other = successful(tenant, 1, 0);
        Object othersDelivery = all(tenant, other).get(0).get("id");
        Map<String, String> bad = Map.of("event_type", "lookup.done", "since", "yesterday", "until", "2026-13-01T00:00:00Z",
                "starting_after", "del_abc123");
        bad.forEach((parameter, value) -> tenant.api().queryParam("webhook_id", id).queryParam(parameter, value)
                .get("/api/webhooks/deliveries").then().statusCode(400).body("details[0].field", equalTo(parameter)));
        tenant.api().queryParam("webhook_id", id).queryParam("starting_after", UUID.randomUUID().toString())
                .get("/api/webhooks/deliveries").then().statusCode(404);
        tenant.api().queryParam("webhook_id", id).queryParam("starting_after", othersDelivery)
                .get("/api/webhooks/deliveries").then().statusCode(404);
        tenant.api().get("/api/webhooks/deliveries?webhook_id=" + id + "&event_type=credits.low&event_type=credits.low")
                .then().statusCode(400);
        // The event type of test sends can be asked for too.
        tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200);
        tenant.api().queryParam("webhook_id", id).queryParam("event_type", "test").get("/api/webhooks/deliveries")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].event_type", equalTo("test"));
        // And it is in the log of every type, the newest.
        assertThat(all(tenant, id)).extracting(d -> d.get("event_type")).startsWith("test").containsOnlyOnce("test")
                .contains("lookup.completed");
    }

    @Test
    void deliveriesOfTheSameMillisecondComeInIdOrderAcrossTypesAndPages() {
        Tenant tenant = Tenant.create();
        String id = Webhooks.id(tenant, HttpsReceiver.url("ok"), "lookup.completed", "credits.low");
        // Four final deliveries created in one millisecond, the two types taking turns in id order (ids
        // compare as PostgreSQL compares them: byte by byte, as their text does).
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        ids.sort(Comparator.naturalOrder());
        for (int i = 0; i < 4; i++) {
            Database.update("""
                    INSERT INTO deliveries (id, webhook_id, event_type, payload, status, attempts, created_at)
                    VALUES (?::uuid, ?::uuid, ?, '{}', 'success', 1, date_trunc('day', now()) + interval '1 hour')""",
                    ids.get(i), id, i % 2 == 0 ? "lookup.completed" : "credits.low");
        }
        List<Object> newestFirst = new ArrayList<>(ids);
        Collections.reverse(newestFirst);

        assertThat(ids(all(tenant, id))).isEqualTo(newestFirst);
        // Pages of one and of three: each type's page is cut before the merge, and the cursor is (time, id).
        for (int limit : new int[] { 1, 3 }) {
            assertThat(pages(tenant, "/api/webhooks/deliveries?webhook_id=" + id + "&limit=" + limit).stream()
                    .flatMap(p -> ids(p).stream()).toList()).as("limit %d", limit).isEqualTo(newestFirst);
        }
        assertThat(pages(tenant, "/api/webhooks/deliveries?webhook_id=" + id + "&limit=1&event_type=credits.low").stream()
                .flatMap(p -> ids(p).stream()).toList()).isEqualTo(List.of(newestFirst.get(0), newestFirst.get(2)));
    }

    @Test
    void recoverStopsAtUntilAndTakesOnlyTheEventTypesAsked() {
        Tenant tenant = Tenant.create();
        String id = Webhooks.id(tenant, HttpsReceiver.url("fail"), "lookup.completed", "credits.low");
        for (int i = 0; i < 4; i++) {
            raise(tenant, i < 2 ? "lookup.completed" : "credits.low", i);
        }
        await().atMost(WAIT).until(() -> all(tenant, id).stream().filter(d -> "failed".equals(d.get("status"))).count() == 4);
        List<Map<String, Object>> log = all(tenant, id);
        String newest = (String) log.get(0).get("created_at");

        tenant.api().body(Map.of("id", id, "since", "2020-01-01T00:00:00Z", "until", "2020-01-02T00:00:00Z"))
                .post("/api/webhooks/recover").then().statusCode(202).body("requeued", equalTo(0));
        tenant.api().body(Map.of("id", id, "since", "2020-01-01T00:00:00Z", "event_types", List.of("credits.low")))
                .post("/api/webhooks/recover").then().statusCode(202).body("requeued", equalTo(2));
        await().atMost(WAIT).until(() -> all(tenant, id).stream().filter(d -> "failed".equals(d.get("status"))).count() == 4);
        assertThat(all(tenant, id)).filteredOn(d -> "credits.low".equals(d.get("event_type")))
                .allMatch(d -> (Integer) d.get("attempts") == 5);
        assertThat(all(tenant, id)).filteredOn(d -> "lookup.completed".equals(d.get("event_type")))
                .allMatch(d -> (Integer) d.get("attempts") == 4);
        long beforeNewest = log.stream().filter(d -> at(d).isBefore(Instant.parse(newest))).count();
        tenant.api().body(Map.of("id", id, "since", "2020-01-01T00:00:00Z", "until", newest))
                .post("/api/webhooks/recover").then().statusCode(202).body("requeued", equalTo((int) beforeNewest));

        for (Object bad : List.of(List.of(), List.of("lookup.done"), "credits.low", List.of("test"))) {
            tenant.api().body(Map.of("id", id, "since", "2020-01-01T00:00:00Z", "event_types", bad))
                    .post("/api/webhooks/recover").then().statusCode(400);
        }
        tenant.api().body(Map.of("id", id, "since", "2020-01-01T00:00:00Z", "until", "tomorrow"))
                .post("/api/webhooks/recover").then().statusCode(400).body("details[0].field", equalTo("until"));
    }
}
