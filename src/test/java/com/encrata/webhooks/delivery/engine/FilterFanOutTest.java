package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/** Fan-out applies each webhook's filter (SPEC §10): only events it matches are delivered to it. */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class FilterFanOutTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static String webhook(Tenant tenant, String url, String event, String filter) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        body.put("events", List.of(event));
        body.put("filter", filter);
        return tenant.api().body(body).post("/api/webhooks").then().statusCode(201).extract().path("id");
    }

    private static void setFilter(Tenant tenant, String id, String url, String filter) {
        tenant.api().body(Map.of("id", id, "url", url, "filter", filter)).put("/api/webhooks").then().statusCode(200);
    }

    private static ValidatableResponse event(Tenant tenant, String event, String data) {
        return Events.post("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"" + event + "\",\"data\":" + data + "}")
                .statusCode(202);
    }

    private static List<Map<String, Object>> deliveries(Tenant tenant, String webhookId) {
        return tenant.api().queryParam("webhook_id", webhookId).get("/api/webhooks/deliveries")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> deliveredValues(Tenant tenant, String webhookId, String field) {
        return deliveries(tenant, webhookId).stream()
                .map(d -> ((Map<String, Object>) ((Map<String, Object>) d.get("payload")).get("data")).get(field)).toList();
    }

    @Test
    void deliversOnlyTheEventsAFilterMatches() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        String id = webhook(tenant, url, "credits.low", "data.balance < 100 && data.plan.startsWith(\"gr\")");

        event(tenant, "credits.low", "{\"balance\": 50, \"plan\": \"growth\"}").body("deliveries", equalTo(1));
        event(tenant, "credits.low", "{\"balance\": 150, \"plan\": \"growth\"}").body("deliveries", equalTo(0));
        event(tenant, "credits.low", "{\"balance\": 99.5, \"plan\": \"grand\"}").body("deliveries", equalTo(1));
        event(tenant, "credits.low", "{\"balance\": 5, \"plan\": \"starter\"}").body("deliveries", equalTo(0));

        await().atMost(WAIT).until(() -> HttpsReceiver.receivedAt(url).size() == 2);
        assertThat(deliveredValues(tenant, id, "balance")).containsExactly(99.5f, 50);
    }

    @Test
    void eachWebhookOfAWorkspaceIsFilteredOnItsOwn() {
        Tenant tenant = Tenant.create();
        String all = webhook(tenant, HttpsReceiver.url("ok"), "lookup.completed", null);
        String valid = webhook(tenant, HttpsReceiver.url("ok"), "lookup.completed", "data.status == 'valid'");
        String acme = webhook(tenant, HttpsReceiver.url("ok"), "lookup.completed", "data.email.endsWith('@acme.com')");
        String same = webhook(tenant, HttpsReceiver.url("ok"), "lookup.completed", "data.status == 'valid'");

        event(tenant, "lookup.completed", "{\"email\": \"a@acme.com\", \"status\": \"valid\"}").body("deliveries", equalTo(4));
        event(tenant, "lookup.completed", "{\"email\": \"b@acme.com\", \"status\": \"invalid\"}").body("deliveries", equalTo(2));
        event(tenant, "lookup.completed", "{\"email\": \"c@other.com\", \"status\": \"invalid\"}").body("deliveries", equalTo(1));

        assertThat(deliveredValues(tenant, all, "email")).containsExactly("c@other.com", "b@acme.com", "a@acme.com");
        assertThat(deliveredValues(tenant, valid, "email")).containsExactly("a@acme.com");
        assertThat(deliveredValues(tenant, same, "email")).containsExactly("a@acme.com");
        assertThat(deliveredValues(tenant, acme, "email")).containsExactly("b@acme.com", "a@acme.com");
    }

    /** The API does not tell fan-out about the change: the statement finds it, as it would from another instance. */
    @Test
    void aFilterChangedThroughTheApiAppliesToTheNextEventAndRemovingItDeliversEverything() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        String id = webhook(tenant, url, "credits.low", "data.balance == 1");
        event(tenant, "credits.low", "{\"balance\": 1}").body("deliveries", equalTo(1));
        event(tenant, "credits.low", "{\"balance\": 2}").body("deliveries", equalTo(0));

        setFilter(tenant, id, url, "data.balance == 2");
        event(tenant, "credits.low", "{\"balance\": 1}").body("deliveries", equalTo(0));
        event(tenant, "credits.low", "{\"balance\": 2}").body("deliveries", equalTo(1));

        setFilter(tenant, id, url, "");
        event(tenant, "credits.low", "{\"balance\": 3}").body("deliveries", equalTo(1));
        event(tenant, "credits.low", "{}").body("deliveries", equalTo(1));

        setFilter(tenant, id, url, "data.balance == 4");
        event(tenant, "credits.low", "{\"balance\": 3}").body("deliveries", equalTo(0));
        assertThat(deliveredValues(tenant, id, "balance")).containsExactly(null, 3, 2, 1);
    }

    @Test
    void aFilterAddedToAWebhookOfAWorkspaceWithoutFiltersApplies() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        String id = webhook(tenant, url, "credits.low", null);
        event(tenant, "credits.low", "{\"balance\": 1}").body("deliveries", equalTo(1));
        setFilter(tenant, id, url, "data.balance > 1");
        event(tenant, "credits.low", "{\"balance\": 1}").body("deliveries", equalTo(0));
        event(tenant, "credits.low", "{\"balance\": 2}").body("deliveries", equalTo(1));
    }

    @Test
    void aFilterThatFailsDeliversNothingAndTheIntakeSucceeds() {
        Tenant tenant = Tenant.create();
        String plain = webhook(tenant, HttpsReceiver.url("ok"), "credits.low", null);
        String missing = webhook(tenant, HttpsReceiver.url("ok"), "credits.low", "data.missing > 1");
        String wrongType = webhook(tenant, HttpsReceiver.url("ok"), "credits.low", "data.plan.startsWith('g')");
        String notBoolean = webhook(tenant, HttpsReceiver.url("ok"), "credits.low", "data.plan");

        event(tenant, "credits.low", "{\"balance\": 1, \"plan\": 7}").body("deliveries", equalTo(1));
        assertThat(deliveries(tenant, plain)).hasSize(1);
        assertThat(deliveries(tenant, missing)).isEmpty();
        assertThat(deliveries(tenant, wrongType)).isEmpty();
        assertThat(deliveries(tenant, notBoolean)).isEmpty();
    }

    @Test
    void hostileFiltersDeliverNothingAndDoNotHoldTheIntake() {
        Tenant tenant = Tenant.create();
        String plain = webhook(tenant, HttpsReceiver.url("ok"), "lookup.completed", null);
        List<String> hostile = List.of(
                "data.items.all(x, data.items.all(y, data.items.all(z, x + y + z >= 0)))",
                "data.items.exists(x, data.text.matches('(a|b)*(a|b)*(a|b)*(a|b)*(a|b)*c'))",
                "data.items.exists(x, data.text + data.text + data.text == data.text)",
                "data.text.matches(data.pattern)");
        for (String filter : hostile) {
            webhook(tenant, HttpsReceiver.url("ok"), "lookup.completed", filter);
        }
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            items.append(i == 0 ? "" : ",").append(i);
        }
        String data = "{\"items\": [" + items + "], \"text\": \"" + "ab".repeat(20_000) + "\", "
                + "\"pattern\": \"((a{1000}){1000}){1000}\"}";
        for (int i = 0; i < 3; i++) {
            event(tenant, "lookup.completed", data).body("deliveries", equalTo(1));
        }
        assertThat(deliveries(tenant, plain)).hasSize(3);
    }

    @Test
    void apiKeyEventsHonourFilters() {
        Tenant tenant = Tenant.create();
        String id = webhook(tenant, HttpsReceiver.url("ok"), "apikey.created", "data.name.startsWith('ci-')");
        for (String name : List.of("ci-one", "laptop", "ci-two")) {
            tenant.api().body(Map.of("name", name)).post("/api/keys").then().statusCode(201);
        }
        assertThat(deliveredValues(tenant, id, "name")).containsExactly("ci-two", "ci-one");
    }

    @Test
    void aPausedFilteredWebhookAndAnotherEventTypeGetNothing() {
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        String id = webhook(tenant, url, "credits.low", "true");
        event(tenant, "credits.exhausted", "{}").body("deliveries", equalTo(0));
        tenant.api().body(Map.of("id", id, "url", url, "is_active", false)).put("/api/webhooks").then().statusCode(200);
        event(tenant, "credits.low", "{}").body("deliveries", equalTo(0));
        tenant.api().body(Map.of("id", id, "url", url, "is_active", true)).put("/api/webhooks").then().statusCode(200);
        event(tenant, "credits.low", "{}").body("deliveries", equalTo(1));
    }
}
