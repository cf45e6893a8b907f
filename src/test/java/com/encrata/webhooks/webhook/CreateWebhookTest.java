package com.encrata.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class CreateWebhookTest {

    static final String VALID_EVENTS = "lookup.completed, apikey.created, apikey.revoked, credits.low, credits.exhausted, "
            + "webhook.failing, webhook.recovered, webhook.disabled, delivery.exhausted";

    static Map<String, Object> body(String url, Object events) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        body.put("events", events);
        return body;
    }

    static String uniqueUrl() {
        return "https://hooks.example.com/" + UUID.randomUUID();
    }

    @Test
    void createsWebhookWithExactlyTheDocumentedFields() {
        Tenant tenant = Tenant.create();
        String url = uniqueUrl() + "?source=encrata";
        Map<String, Object> request = body(url, List.of("lookup.completed", "apikey.created"));
        request.put("description", "Production webhook");
        Response response = tenant.api().body(request).post("/api/webhooks")
                .then().statusCode(201)
                .body("url", equalTo(url))
                .body("events", contains("lookup.completed", "apikey.created"))
                .body("is_active", equalTo(true))
                .body("description", equalTo("Production webhook"))
                .body("workspace_id", equalTo(tenant.workspaceId()))
                .body("created_by", equalTo(tenant.userId()))
                .body("secret", matchesPattern("whsec_[0-9a-f]{64}"))
                .body("id", matchesPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z"))
                .extract().response();
        assertThat(response.jsonPath().getMap("$").keySet()).containsExactlyInAnyOrder("id", "workspace_id", "url",
                "secret", "events", "is_active", "description", "created_by", "created_at", "updated_at", "rate_limit",
                "ordering", "headers", "auth", "filter");
        assertThat(response.header("Location")).isEqualTo("/api/webhooks?id=" + response.path("id"));
        assertThat((String) response.path("updated_at")).isEqualTo(response.path("created_at"));
    }

    @Test
    void eachCreateGetsItsOwnSecret() {
        Tenant tenant = Tenant.create();
        String first = tenant.api().body(body(uniqueUrl(), List.of("credits.low"))).post("/api/webhooks")
                .then().statusCode(201).extract().path("secret");
        String second = tenant.api().body(body(uniqueUrl(), List.of("credits.low"))).post("/api/webhooks")
                .then().statusCode(201).extract().path("secret");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void dropsDuplicateEventsKeepingFirstOccurrence() {
        Tenant tenant = Tenant.create();
        tenant.api().body(body(uniqueUrl(), List.of("credits.low", "lookup.completed", "credits.low")))
                .post("/api/webhooks")
                .then().statusCode(201).body("events", contains("credits.low", "lookup.completed"));
    }

    @Test
    void omittedOrEmptyDescriptionIsNull() {
        Tenant tenant = Tenant.create();
        tenant.api().body(body(uniqueUrl(), List.of("credits.low"))).post("/api/webhooks")
                .then().statusCode(201).body("description", nullValue());
        Map<String, Object> empty = body(uniqueUrl(), List.of("credits.low"));
        empty.put("description", "");
        tenant.api().body(empty).post("/api/webhooks").then().statusCode(201).body("description", nullValue());
    }

    @Test
    void createsPausedWebhookWhenAsked() {
        Tenant tenant = Tenant.create();
        Map<String, Object> request = body(uniqueUrl(), List.of("credits.low"));
        request.put("is_active", false);
        tenant.api().body(request).post("/api/webhooks").then().statusCode(201).body("is_active", equalTo(false));
    }

    @Test
    void acceptsSchemeInAnyCaseAndIdnHost() {
        Tenant tenant = Tenant.create();
        tenant.api().body(body("HTTPS://Example.org/" + UUID.randomUUID(), List.of("credits.low")))
                .post("/api/webhooks").then().statusCode(201);
        tenant.api().body(body("https://bücher.example/" + UUID.randomUUID(), List.of("credits.low")))
                .post("/api/webhooks").then().statusCode(201);
    }

    @Test
    void refusesUrlAlreadyUsedInWorkspaceUnderItsNormalisedForm() {
        Tenant tenant = Tenant.create();
        String path = "/hook/" + UUID.randomUUID() + "?a=1";
        tenant.api().body(body("https://dup.example.com" + path, List.of("credits.low"))).post("/api/webhooks")
                .then().statusCode(201);
        for (String same : List.of("https://dup.example.com" + path, "HTTPS://DUP.example.com:443" + path,
                "https://dup.example.com." + path)) {
            tenant.api().body(body(same, List.of("credits.low"))).post("/api/webhooks")
                    .then().statusCode(409).body("error", equalTo("A webhook with this URL already exists"));
        }
        tenant.api().body(body("https://dup.example.com" + path.toUpperCase(), List.of("credits.low")))
                .post("/api/webhooks").then().statusCode(201);
    }

    @Test
    void sameUrlIsAllowedInAnotherWorkspace() {
        String url = uniqueUrl();
        Tenant.create().api().body(body(url, List.of("credits.low"))).post("/api/webhooks").then().statusCode(201);
        Tenant.create().api().body(body(url, List.of("credits.low"))).post("/api/webhooks").then().statusCode(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/hook", "ftp://example.com/hook", "example.com/hook", "https://",
        "https:///path", "//example.com/hook"})
    void rejectsUrlThatIsNotAbsoluteHttps(String url) {
        assertFieldError(body(url, List.of("credits.low")), "url");
    }

    @Test
    void rejectsPlainHttpUrl() {
        assertFieldError(body("http://example.com/hook", List.of("credits.low")), "url")
                .body("details[0].message", equalTo("must be an absolute https:// URL"));
    }

    @Test
    void rejectsUserInfo() {
        assertFieldError(body("https://user:pass@example.com/hook", List.of("credits.low")), "url")
                .body("details[0].message", equalTo("must not contain user info"));
    }

    @Test
    void rejectsFragment() {
        assertFieldError(body("https://example.com/hook#part", List.of("credits.low")), "url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/a b", "https://example.com/\ttab", "https://example.com/\u0000",
        "https://example.com/caf\u00e9"})
    void rejectsWhitespaceControlAndRawNonAsciiInPath(String url) {
        assertFieldError(body(url, List.of("credits.low")), "url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example.com/<script>alert(1)</script>", "https://hooks.example.com/a>b",
        "https://hooks.example.com/\"q\"", "https://hooks.example.com/{x}", "https://hooks.example.com/a|b",
        "https://hooks.example.com/a^b", "https://hooks.example.com/a`b", "https://hooks.example.com/?q={1}"})
    void rejectsCharactersAUriDoesNotAllow(String url) {
        assertFieldError(body(url, List.of("credits.low")), "url")
                .body("details[0].message", equalTo("must be a valid URI: percent-encode characters such as <, >, \", |, ^ and backticks"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example.com/%zz", "https://hooks.example.com/100%", "https://hooks.example.com/%4",
        "https://hooks.example.com/?q=%g1"})
    void rejectsMalformedPercentEncoding(String url) {
        assertFieldError(body(url, List.of("credits.low")), "url")
                .body("details[0].message", equalTo("must not contain malformed percent-encoding (a % must start two hex digits)"));
    }

    @Test
    void acceptsPercentEncodedFormsOfThoseCharacters() {
        String url = "https://hooks.example.com/" + UUID.randomUUID() + "/%3Cscript%3E%7Bx%7D%7C%5E%60%22?q=%41";
        Tenant.create().api().body(body(url, List.of("credits.low"))).post("/api/webhooks").then().statusCode(201)
                .body("url", equalTo(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com:0/", "https://example.com:65536/", "https://example.com:abc/",
        "https://example.com:/"})
    void rejectsBadPort(String url) {
        assertFieldError(body(url, List.of("credits.low")), "url");
    }

    @Test
    void rejectsUrlLongerThan2048Characters() {
        String url = "https://example.com/" + "a".repeat(2049 - 20);
        assertThat(url).hasSize(2049);
        assertFieldError(body(url, List.of("credits.low")), "url")
                .body("details[0].message", equalTo("must be at most 2048 characters"));
        Tenant.create().api().body(body(url.substring(0, 2048), List.of("credits.low"))).post("/api/webhooks")
                .then().statusCode(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/", "https://127.1/", "https://2130706433/", "https://0x7f.1/",
        "https://0177.0.0.1/", "https://10.0.0.1/", "https://192.168.1.1/", "https://172.16.0.1/",
        "https://169.254.169.254/", "https://100.64.0.1/", "https://0.0.0.0/", "https://255.255.255.255/",
        "https://224.0.0.1/", "https://198.18.0.1/", "https://[::1]/", "https://[::ffff:127.0.0.1]/",
        "https://[::ffff:7f00:1]/", "https://[fd00::1]/", "https://[fe80::1]/", "https://[fd00:ec2::254]/",
        "https://[64:ff9b::a9fe:a9fe]/", "https://[2002:7f00:1::]/", "https://[::]/"})
    void rejectsBlockedAddressLiteralsInAnySpelling(String url) {
        assertFieldError(body(url, List.of("credits.low")), "url")
                .body("details[0].message", equalTo("must not point to a private, loopback or reserved address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://localhost/", "https://api.localhost/", "https://db.internal/",
        "https://metadata.google.internal/", "https://printer.local/", "https://intranet/", "https://LOCALHOST./"})
    void rejectsLocalAndSingleLabelHostNames(String url) {
        assertFieldError(body(url, List.of("credits.low")), "url")
                .body("details[0].message", equalTo("must not point to a local or internal host name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://8.8.8.8/hook", "https://[2606:4700:4700::1111]/hook"})
    void acceptsPublicAddressLiterals(String url) {
        Tenant.create().api().body(body(url, List.of("credits.low"))).post("/api/webhooks").then().statusCode(201);
    }

    @Test
    void rejectsMissingUrlAndEvents() {
        Tenant.create().api().body(Map.of()).post("/api/webhooks").then().statusCode(400)
                .body("error", equalTo("Request validation failed"))
                .body("details.field", contains("events", "url"))
                .body("details.message", contains("is required", "is required"));
    }

    @Test
    void rejectsEmptyEvents() {
        assertFieldError(body(uniqueUrl(), List.of()), "events");
    }

    @Test
    void rejectsMoreThan100Events() {
        assertFieldError(body(uniqueUrl(), java.util.Collections.nCopies(101, "credits.low")), "events");
    }

    @Test
    void rejectsUnknownEventListingTheValidOnes() {
        assertFieldError(body(uniqueUrl(), List.of("credits.low", "Credits.Low")), "events[1]")
                .body("details[0].message", equalTo("must be one of: " + VALID_EVENTS));
    }

    @Test
    void rejectsNullOrNonStringEventListingTheValidOnes() {
        assertFieldError(body(uniqueUrl(), java.util.Arrays.asList("credits.low", null)), "events[1]")
                .body("details[0].message", equalTo("must be one of: " + VALID_EVENTS));
        assertFieldError(body(uniqueUrl(), List.of("credits.low", 7)), "events[1]")
                .body("details[0].message", equalTo("must be one of: " + VALID_EVENTS));
    }

    @Test
    void rejectsDescriptionOver500CodePoints() {
        Map<String, Object> request = body(uniqueUrl(), List.of("credits.low"));
        request.put("description", "d".repeat(501));
        assertFieldError(request, "description").body("details[0].message", equalTo("must be at most 500 characters"));
        request.put("description", "\uD83D\uDE00".repeat(500));
        Tenant.create().api().body(request).post("/api/webhooks").then().statusCode(201);
    }

    @Test
    void rejectsControlCharactersInDescription() {
        Map<String, Object> request = body(uniqueUrl(), List.of("credits.low"));
        request.put("description", "bell\u0007");
        assertFieldError(request, "description");
        request.put("description", "tab\tand\r\nnewlines");
        Tenant.create().api().body(request).post("/api/webhooks").then().statusCode(201);
    }

    @Test
    void rejectsLoneSurrogateInDescription() {
        Tenant.create().api().body("{\"url\":\"" + uniqueUrl() + "\",\"events\":[\"credits.low\"],"
                + "\"description\":\"\\ud800x\"}").post("/api/webhooks")
                .then().statusCode(400).body("details[0].field", equalTo("description"));
    }

    @Test
    void reportsAtMostTenDetails() {
        Tenant.create().api().body(body(uniqueUrl(), java.util.Collections.nCopies(20, "nope")))
                .post("/api/webhooks").then().statusCode(400).body("details", hasSize(10));
    }

    @Test
    void neverEchoesLongInputInErrors() {
        String longUrl = "http://" + "x".repeat(300) + ".example.com/";
        String answer = Tenant.create().api().body(body(longUrl, List.of("credits.low"))).post("/api/webhooks")
                .then().statusCode(400).extract().asString();
        assertThat(answer).doesNotContain("x".repeat(101));
    }

    @Test
    void readonlyKeyCannotCreate() {
        Tenant readonly = Tenant.create("readonly");
        readonly.api().body(body(uniqueUrl(), List.of("credits.low"))).post("/api/webhooks")
                .then().statusCode(403).body("error", equalTo("Your role does not allow this action"));
    }

    @Test
    void techKeyCanCreate() {
        Tenant tech = Tenant.create("tech");
        tech.api().body(body(uniqueUrl(), List.of("credits.low"))).post("/api/webhooks").then().statusCode(201)
                .body("created_by", equalTo(tech.userId()));
    }

    private static io.restassured.response.ValidatableResponse assertFieldError(Map<String, Object> request,
            String field) {
        return Tenant.create().api().body(request).post("/api/webhooks").then().statusCode(400)
                .body("error", equalTo("Request validation failed"))
                .body("details[0].field", equalTo(field));
    }
}
