package com.encrata.webhooks.webhook;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;

/** The filter of a webhook (SPEC §10) through the API: checked on create and update, and tried with filter-test. */
@QuarkusTest
class WebhookFilterTest {

    private static Map<String, Object> withFilter(Object filter) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", Webhooks.uniqueUrl());
        body.put("events", List.of("credits.low"));
        body.put("filter", filter);
        return body;
    }

    private static Map<String, Object> filterTest(Object filter, Object event, Object data) {
        Map<String, Object> body = new HashMap<>();
        body.put("filter", filter);
        body.put("event", event);
        body.put("data", data);
        return body;
    }

    @Test
    void storesAndShowsAFilter() {
        Tenant tenant = Tenant.create();
        String filter = "data.balance < 500 && data.plan == \"growth\"";
        String id = tenant.api().body(withFilter(filter)).post("/api/webhooks").then().statusCode(201)
                .body("filter", equalTo(filter)).extract().path("id");
        tenant.api().queryParam("id", id).get("/api/webhooks").then().statusCode(200).body("filter", equalTo(filter));
    }

    @Test
    void anEmptyFilterOnCreateIsNone() {
        Tenant tenant = Tenant.create();
        tenant.api().body(withFilter("")).post("/api/webhooks").then().statusCode(201).body("filter", nullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"data.balance <", "data.balance < 500 &&", "foo == 1", "data.balance <> 1", "'unterminated"})
    void refusesAFilterThatDoesNotParseOrCheck(String filter) {
        Tenant tenant = Tenant.create();
        tenant.api().body(withFilter(filter)).post("/api/webhooks").then().statusCode(400)
                .body("error", equalTo("Request validation failed"))
                .body("details", hasSize(1))
                .body("details[0].field", equalTo("filter"))
                .body("details[0].message", startsWith("is not a valid CEL expression: 1:"));
    }

    @Test
    void refusesAFilterThatIsNotBoolean() {
        Tenant tenant = Tenant.create();
        tenant.api().body(withFilter("1 + 2")).post("/api/webhooks").then().statusCode(400)
                .body("details[0].field", equalTo("filter"))
                .body("details[0].message", equalTo("must evaluate to a boolean, not int"));
        tenant.api().body(withFilter("data")).post("/api/webhooks").then().statusCode(400)
                .body("details[0].field", equalTo("filter"))
                .body("details[0].message", equalTo("must evaluate to a boolean, not map(string, dyn)"));
    }

    @Test
    void refusesAFilterOverAThousandCharacters() {
        Tenant tenant = Tenant.create();
        String filter = "data.a == 1" + " || data.a == 1".repeat(70);
        tenant.api().body(withFilter(filter)).post("/api/webhooks").then().statusCode(400)
                .body("details", hasSize(1))
                .body("details[0].field", equalTo("filter"))
                .body("details[0].message", equalTo("must be at most 1000 characters"));
    }

    @Test
    void refusesAFilterThatIsNotAString() {
        Tenant tenant = Tenant.create();
        tenant.api().body(withFilter(true)).post("/api/webhooks").then().statusCode(400)
                .body("details[0].field", equalTo("filter"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"${1+1} {foo}", "{encrata.validation.uuid}", "\\\\{x} $"})
    void theParsersMessageIsNeverReadAsAMessageTemplate(String text) {
        Tenant tenant = Tenant.create();
        String literal = "\"" + text + "\"";
        tenant.api().body(withFilter("1 " + literal)).post("/api/webhooks").then().statusCode(400)
                .body("details[0].field", equalTo("filter"))
                .body("details[0].message", equalTo(
                        "is not a valid CEL expression: 1:3: extraneous input '" + literal + "' expecting <EOF>"));
    }

    @Test
    void anUpdateSetsChangesAndRemovesTheFilterAndARefusedOneChangesNothing() {
        Tenant tenant = Tenant.create();
        String url = Webhooks.uniqueUrl();
        String id = Webhooks.id(tenant, url, "credits.low");
        tenant.api().body(Map.of("id", id, "url", url, "filter", "data.balance < 500")).put("/api/webhooks")
                .then().statusCode(200);
        tenant.api().queryParam("id", id).get("/api/webhooks").then().body("filter", equalTo("data.balance < 500"));

        tenant.api().body(Map.of("id", id, "url", url, "filter", "data.balance <", "description", "changed"))
                .put("/api/webhooks").then().statusCode(400).body("details[0].field", equalTo("filter"));
        tenant.api().queryParam("id", id).get("/api/webhooks").then()
                .body("filter", equalTo("data.balance < 500")).body("description", nullValue());

        tenant.api().body(Map.of("id", id, "url", url, "description", "kept")).put("/api/webhooks").then().statusCode(200);
        tenant.api().queryParam("id", id).get("/api/webhooks").then().body("filter", equalTo("data.balance < 500"));

        tenant.api().body(Map.of("id", id, "url", url, "filter", "")).put("/api/webhooks").then().statusCode(200);
        tenant.api().queryParam("id", id).get("/api/webhooks").then().body("filter", nullValue());
    }

    @Test
    void aRefusedCreateCreatesNothing() {
        Tenant tenant = Tenant.create();
        tenant.api().body(withFilter("data.balance <")).post("/api/webhooks").then().statusCode(400);
        tenant.api().get("/api/webhooks").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void filterTestAnswersWhetherTheEventMatches() {
        Tenant tenant = Tenant.create();
        String filter = "data.balance < 500 && event == \"credits.low\"";
        tenant.api().body(filterTest(filter, "credits.low", Map.of("balance", 480))).post("/api/webhooks/filter-test")
                .then().statusCode(200).body("matches", equalTo(true));
        tenant.api().body(filterTest(filter, "credits.low", Map.of("balance", 520))).post("/api/webhooks/filter-test")
                .then().statusCode(200).body("matches", equalTo(false));
        tenant.api().body(filterTest(filter, "credits.exhausted", Map.of("balance", 0))).post("/api/webhooks/filter-test")
                .then().statusCode(200).body("matches", equalTo(false));
    }

    /** What the standard library offers works end to end (in a native executable too). */
    @ParameterizedTest
    @ValueSource(strings = {
            "data.email.endsWith('@acme.com') && data.email.startsWith('jane') && data.email.contains('@')",
            "data.email.matches('^[a-z.]+@acme\\\\.com$')",
            "timestamp(data.completed_at) > timestamp('2026-01-01T00:00:00Z')",
            "timestamp(data.completed_at).getHours() == 12 && duration('1h') > duration('59m')",
            "data.score > 0.9 && data.score < 1 && int(data.score * 100.0) == 97 && type(data.score) == double",
            "size(data.tags) == 2 && data.tags[0] == 'new' && 'vip' in data.tags",
            "data.tags.exists(t, t == 'vip') && data.tags.all(t, size(t) > 2) && data.tags.exists_one(t, t == 'new')",
            "data.tags.filter(t, t != 'new').map(t, t + '!') == ['vip!']",
            "has(data.account.plan) && !has(data.account.owner) && data.account.plan in ['growth', 'pro']",
            "string(data.balance) == '480' && double(data.balance) == 480.0 && uint(data.balance) == 480u",
            "data.note == null && bytes(data.email).size() > 0 && event == 'lookup.completed'",
            "{'a': data.balance}.a == 480 && [1, 2] + [3] == [1, 2, 3] && (data.balance > 1 ? true : false)"})
    void filterTestEvaluatesTheStandardLibrary(String filter) {
        Tenant tenant = Tenant.create();
        Map<String, Object> data = new HashMap<>();
        data.put("email", "jane.doe@acme.com");
        data.put("completed_at", "2026-05-02T12:00:00Z");
        data.put("score", 0.97);
        data.put("tags", List.of("new", "vip"));
        data.put("account", Map.of("plan", "growth"));
        data.put("balance", 480);
        data.put("note", null);
        tenant.api().body(filterTest(filter, "lookup.completed", data)).post("/api/webhooks/filter-test")
                .then().statusCode(200).body("matches", equalTo(true));
    }

    @Test
    void filterTestAnswersFalseWhenEvaluationFails() {
        Tenant tenant = Tenant.create();
        tenant.api().body(filterTest("data.balance < 500", "credits.low", Map.of("plan", "growth")))
                .post("/api/webhooks/filter-test").then().statusCode(200).body("matches", equalTo(false));
        tenant.api().body(filterTest("data.plan.startsWith('g')", "credits.low", Map.of("plan", 42)))
                .post("/api/webhooks/filter-test").then().statusCode(200).body("matches", equalTo(false));
        tenant.api().body(filterTest("data.plan", "credits.low", Map.of("plan", "growth")))
                .post("/api/webhooks/filter-test").then().statusCode(200).body("matches", equalTo(false));
    }

    @Test
    void filterTestRefusesAFilterThatDoesNotCompile() {
        Tenant tenant = Tenant.create();
        tenant.api().body(filterTest("data.balance <", "credits.low", Map.of())).post("/api/webhooks/filter-test")
                .then().statusCode(400).body("details", hasSize(1)).body("details[0].field", equalTo("filter"));
        tenant.api().body(filterTest("1 + 2", "credits.low", Map.of())).post("/api/webhooks/filter-test")
                .then().statusCode(400).body("details[0].field", equalTo("filter"))
                .body("details[0].message", equalTo("must evaluate to a boolean, not int"));
        tenant.api().body(filterTest("", "credits.low", Map.of())).post("/api/webhooks/filter-test")
                .then().statusCode(400).body("details[0].field", equalTo("filter"));
    }

    @Test
    void filterTestNamesMissingAndIllTypedFields() {
        Tenant tenant = Tenant.create();
        tenant.api().body(Map.of()).post("/api/webhooks/filter-test").then().statusCode(400)
                .body("details.field", org.hamcrest.Matchers.contains("data", "event", "filter"));
        tenant.api().body(filterTest("true", "credits.high", Map.of())).post("/api/webhooks/filter-test")
                .then().statusCode(400).body("details[0].field", equalTo("event"))
                .body("details[0].message", startsWith("must be one of: lookup.completed"));
        tenant.api().body(filterTest("true", "credits.low", List.of(1))).post("/api/webhooks/filter-test")
                .then().statusCode(400).body("details[0].field", equalTo("data"));
        tenant.api().body(filterTest("true", "credits.low", "{}")).post("/api/webhooks/filter-test")
                .then().statusCode(400).body("details[0].field", equalTo("data"));
        tenant.api().body(filterTest(true, "credits.low", Map.of())).post("/api/webhooks/filter-test")
                .then().statusCode(400).body("details[0].field", equalTo("filter"));
        tenant.api().body(filterTest("true", 1, Map.of())).post("/api/webhooks/filter-test")
                .then().statusCode(400).body("details[0].field", equalTo("event"));
    }

    @Test
    void filterTestNeedsAKeyThatMayWrite() {
        Tenant tenant = Tenant.create("readonly");
        Tenant.bearer("enc_live_" + "0".repeat(32)).contentType("application/json")
                .body(filterTest("true", "credits.low", Map.of())).post("/api/webhooks/filter-test").then().statusCode(401);
        tenant.api().body(filterTest("true", "credits.low", Map.of())).post("/api/webhooks/filter-test")
                .then().statusCode(403);
    }

    @Test
    void aPortalSessionCanTestFilters() {
        Tenant tenant = Tenant.create();
        String token = Tenant.admin().body(Map.of()).post("/admin/workspaces/" + tenant.workspaceId() + "/portal-sessions")
                .then().statusCode(201).extract().path("token");
        Tenant.bearer(token).contentType("application/json").body(filterTest("data.balance == 0", "credits.exhausted",
                Map.of("balance", 0))).post("/api/webhooks/filter-test").then().statusCode(200).body("matches", equalTo(true));
    }
}
