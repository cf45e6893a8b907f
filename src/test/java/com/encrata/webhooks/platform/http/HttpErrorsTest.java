package com.encrata.webhooks.platform.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

@QuarkusTest
class HttpErrorsTest {

    @Test
    void malformedJsonIsBadRequestWithoutDetails() {
        Tenant.create().api().body("{\"url\": ").post("/api/webhooks").then().statusCode(400)
                .body("error", equalTo("Request body is not valid JSON"))
                .body("details", nullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"text\"", "42", "null"})
    void bodyThatIsNotAnObjectIsBadRequest(String body) {
        Tenant.create().api().body(body).post("/api/webhooks").then().statusCode(400)
                .body("error", equalTo("Request body must be a JSON object"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"url\": 42, \"events\": [\"credits.low\"]}|url|must be a string",
        "{\"url\": \"https://a.example.com/\", \"events\": \"credits.low\"}|events|must be an array",
        "{\"url\": \"https://a.example.com/\", \"events\": [1]}|events[0]|must be one of: lookup.completed, apikey.created, apikey.revoked, credits.low, credits.exhausted, webhook.failing, webhook.recovered, webhook.disabled, delivery.exhausted",
        "{\"url\": \"https://a.example.com/\", \"events\": [\"credits.low\"], \"is_active\": \"false\"}|is_active|must be a boolean",
        "{\"url\": \"https://a.example.com/\", \"events\": [\"credits.low\"], \"is_active\": 0}|is_active|must be a boolean",
        "{\"url\": \"https://a.example.com/\", \"events\": [\"credits.low\"], \"description\": 7}|description|must be a string",
        "{\"url\": [\"https://a.example.com/\"], \"events\": [\"credits.low\"]}|url|must be a string"})
    void wrongJsonTypesAreNotCoerced(String testCase) {
        String[] parts = testCase.split("\\|");
        Tenant.create().api().body(parts[0]).post("/api/webhooks").then().statusCode(400)
                .body("error", equalTo("Request validation failed"))
                .body("details[0].field", equalTo(parts[1]))
                .body("details[0].message", equalTo(parts[2]));
    }

    @Test
    void trailingDocumentIsRefused() {
        Tenant.create().api().body("{\"url\": \"https://a.example.com/\", \"events\": [\"credits.low\"]} {}")
                .post("/api/webhooks").then().statusCode(400);
    }

    @Test
    void duplicateKeysAreRefused() {
        Tenant.create().api().body("{\"url\": \"https://a.example.com/\", \"url\": \"https://b.example.com/\","
                + " \"events\": [\"credits.low\"]}").post("/api/webhooks").then().statusCode(400)
                .body("error", equalTo("Request body contains a duplicate key"));
    }

    @Test
    void parserLimitsGiveBadRequest() {
        String deep = "{\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        Tenant.create().api().body(deep).post("/api/webhooks").then().statusCode(400);
        String huge = "{\"x\": 1" + "0".repeat(5000) + ", \"url\": \"https://a.example.com/\", \"events\": [\"credits.low\"]}";
        Tenant.create().api().body(huge).post("/api/webhooks").then().statusCode(400);
    }

    /** Every route, with a query parameter it reads, so the malformed forms below reach each of them. */
    static Stream<String> everyRoute() {
        return Stream.of("GET /api/webhooks?id=", "DELETE /api/webhooks?id=", "PUT /api/webhooks?id=",
                "POST /api/webhooks?x=", "POST /api/webhooks/rotate-secret?x=", "POST /api/webhooks/test?x=",
                "POST /api/webhooks/recover?x=", "GET /api/webhooks/deliveries?webhook_id=",
                "GET /api/webhooks/deliveries?limit=", "GET /api/webhooks/deliveries?status=",
                "POST /api/webhooks/deliveries/retry?x=", "GET /api/keys?x=", "POST /api/keys?x=",
                "DELETE /api/keys?id=", "DELETE /api/keys?permanent=", "GET /api/health?x=",
                "POST /internal/events?x=", "POST /admin/workspaces?x=", "GET /q/health/ready?x=", "GET /nowhere?x=");
    }

    @ParameterizedTest
    @MethodSource("everyRoute")
    void malformedPercentEscapeInAnyQueryIsJsonBadRequest(String route) throws Exception {
        for (String escape : List.of("%zz", "%", "%4", "a%g1")) {
            assertJsonError(route + escape, 400, "Malformed URL: a % must start two hex digits");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /api/webhooks%zz", "GET /api/web%zzhooks/deliveries", "POST /admin/workspaces/%zz/keys",
        "GET /%"})
    void malformedPercentEscapeInThePathIsJsonBadRequest(String request) throws Exception {
        assertJsonError(request, 400, "Malformed URL: a % must start two hex digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /api/webhooks;id=1", "DELETE /api/webhooks;jsessionid=x?id=1", "GET /api;x/keys"})
    void matrixParametersAreJsonBadRequest(String request) throws Exception {
        assertJsonError(request, 400, "Malformed URL: the path must not contain ';' parameters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /api/webhooks?x=a|b", "GET /api/webhooks?x=<y>", "GET /api/webhooks/{id}"})
    void otherCharactersAUriCannotHoldAreJsonBadRequest(String request) throws Exception {
        assertJsonError(request, 400, "Malformed URL");
    }

    @Test
    void queryOver8KiBIsJsonUriTooLong() throws Exception {
        assertJsonError("GET /api/webhooks?q=" + "a".repeat(8200), 414, "Request URI is too long");
        assertJsonError("GET /api/webhooks?q=" + "a".repeat(60_000), 414, "Request URI is too long");
    }

    @Test
    void wellFormedEscapesStillWork() throws Exception {
        Tenant tenant = Tenant.create();
        String answer = raw("GET /api/webhooks?id=%41 HTTP/1.1", tenant.key());
        assertThat(answer).startsWith("HTTP/1.1 400").contains("must be a UUID");
    }

    /** Writes the request line by hand (HTTP clients refuse to send such URLs) and checks the JSON answer. */
    private static void assertJsonError(String request, int status, String error) throws Exception {
        String answer = raw(request + " HTTP/1.1", Tenant.create().key());
        assertThat(answer).startsWith("HTTP/1.1 " + status).containsIgnoringCase("content-type: application/json")
                .containsIgnoringCase("x-request-id:").endsWith("{\"error\":\"" + error + "\"}");
    }

    private static String raw(String requestLine, String key) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void onlyGetOfHealthIsOpen() {
        given().contentType(ContentType.JSON).body("{}").post("/api/health").then().statusCode(401);
    }

    @Test
    void unknownFieldsAreIgnored() {
        Tenant.create().api().body("{\"url\": \"https://unknown-fields.example.com/\", \"events\": [\"credits.low\"],"
                + " \"colour\": {\"nested\": [1, 2]}}").post("/api/webhooks").then().statusCode(201);
    }

    @Test
    void nonJsonContentTypeIsUnsupported() {
        Tenant tenant = Tenant.create();
        tenant.authorized().contentType(ContentType.TEXT).body("{}")
                .post("/api/webhooks").then().statusCode(415)
                .body("error", equalTo("Content-Type must be application/json"));
    }

    @Test
    void missingContentTypeOnBodyIsUnsupported() {
        Tenant tenant = Tenant.create();
        tenant.authorized().body("{}".getBytes())
                .post("/api/webhooks").then().statusCode(415)
                .body("error", equalTo("Content-Type must be application/json"));
    }

    @Test
    void oversizedBodyIsRefusedBeforeAuthentication() {
        String big = "{\"x\": \"" + "a".repeat(70 * 1024) + "\"}";
        given().contentType(ContentType.JSON).body(big).post("/api/webhooks").then().statusCode(413)
                .body("error", equalTo("Request body is too large"));
    }

    @Test
    void unknownPathIsJsonNotFound() {
        given().get("/no/such/page").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("Not found"));
        Tenant.create().api().get("/api/no-such-thing").then().statusCode(404).body("error", equalTo("Not found"));
    }

    @Test
    void wrongMethodIsJsonMethodNotAllowedWithAllow() {
        String allow = Tenant.create().api().patch("/api/webhooks").then().statusCode(405)
                .body("error", equalTo("Method not allowed"))
                .extract().header("Allow");
        assertThat(allow).contains("POST");
    }

    @Test
    void allowHeaderMatchesTheRoutesOwnOptionsAnswer() {
        Tenant tenant = Tenant.create();
        for (String path : new String[] {"/api/webhooks", "/api/health"}) {
            String options = tenant.api().options(path).then().extract().header("Allow");
            String table = com.encrata.webhooks.platform.http.AllowedMethods.forPath(path).orElseThrow();
            assertThat(java.util.Set.of(table.split(", "))).containsAll(
                    java.util.Arrays.stream(options.split(", ")).filter(m -> !m.equals("HEAD")).toList());
        }
    }

    @Test
    void acceptHeaderIsIgnored() {
        Tenant.create().api().accept("text/html")
                .body("{\"url\": \"https://accept.example.com/\", \"events\": [\"credits.low\"]}")
                .post("/api/webhooks").then().statusCode(201).contentType(ContentType.JSON);
    }

    @Test
    void requestIdIsEchoedWhenSaneAndGeneratedOtherwise() {
        given().header("X-Request-Id", "abc-123").get("/api/health").then().header("X-Request-Id", "abc-123");
        given().header("X-Request-Id", "bad id\u0001").get("/api/health").then()
                .header("X-Request-Id", not(equalTo("bad id\u0001")))
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
        given().get("/nope").then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }
}
