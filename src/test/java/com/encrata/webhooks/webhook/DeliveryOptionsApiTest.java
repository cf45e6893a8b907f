package com.encrata.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.encrata.webhooks.support.Ciphers;
import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The delivery options of SPEC §10 on the webhook object: headers as given, credentials without their
 * secret part (stored encrypted), and every validation rule a 400 naming the part that changes nothing.
 */
@QuarkusTest
class DeliveryOptionsApiTest {

    static final String TEST_KEY = "ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE=";

    private static Map<String, Object> webhook(Object... pairs) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", Webhooks.uniqueUrl());
        body.put("events", List.of("credits.low"));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private static Map<String, Object> row(String id) {
        return Database.query("SELECT headers, auth, auth_secret_ciphertext, filter FROM webhooks WHERE id = ?",
                UUID.fromString(id)).get(0);
    }

    private static String storedSecret(String id) {
        String ciphertext = (String) row(id).get("auth_secret_ciphertext");
        return Ciphers.withKey(TEST_KEY).decrypt(ciphertext, id + ":auth").orElseThrow();
    }

    @Test
    void aWebhookWithoutOptionsShowsTheirDefaults() {
        Tenant tenant = Tenant.create();
        Webhooks.create(tenant).then().statusCode(201).body("headers", equalTo(Map.of())).body("auth", nullValue())
                .body("filter", nullValue());
    }

    @Test
    void headersAreKeptAsGivenInTheirOrder() {
        Tenant tenant = Tenant.create();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Env", "production");
        headers.put("A-Tenant", "acme corp");
        headers.put("x-trace-tag", "");
        Response created = tenant.api().body(webhook("headers", headers)).post("/api/webhooks").then().statusCode(201)
                .extract().response();
        assertThat(created.jsonPath().getMap("headers")).containsExactlyEntriesOf(headers);
        String id = created.path("id");
        Response got = tenant.api().queryParam("id", id).get("/api/webhooks").then().statusCode(200).extract().response();
        assertThat(got.jsonPath().getMap("headers")).containsExactlyEntriesOf(headers);
        assertThat((String) row(id).get("headers")).isEqualTo("{\"X-Env\":\"production\",\"A-Tenant\":\"acme corp\",\"x-trace-tag\":\"\"}");
    }

    @Test
    void eachTypeOfCredentialsIsShownWithoutItsSecretPart() {
        Tenant tenant = Tenant.create();
        Response basic = tenant.api().body(webhook("auth", Map.of("type", "basic", "username", "acme",
                "password", "basic-password-9f2c"))).post("/api/webhooks").then().statusCode(201).extract().response();
        assertThat(basic.jsonPath().getMap("auth")).containsExactly(Map.entry("type", "basic"), Map.entry("username", "acme"));
        assertThat(basic.asString()).doesNotContain("basic-password-9f2c");
        assertThat(storedSecret(basic.path("id"))).isEqualTo("basic-password-9f2c");
        assertThat((String) row(basic.path("id")).get("auth_secret_ciphertext")).doesNotContain("basic-password-9f2c");

        Response bearer = tenant.api().body(webhook("auth", Map.of("type", "bearer", "token", "bearer-token-77a1")))
                .post("/api/webhooks").then().statusCode(201).extract().response();
        assertThat(bearer.jsonPath().getMap("auth")).containsExactly(Map.entry("type", "bearer"));
        assertThat(bearer.asString()).doesNotContain("bearer-token-77a1");
        assertThat(storedSecret(bearer.path("id"))).isEqualTo("bearer-token-77a1");

        Response oauth = tenant.api().body(webhook("auth", Map.of("type", "oauth2", "token_url",
                "https://auth.example.com/oauth/token", "client_id", "encrata-client", "client_secret",
                "client-secret-31d0", "scope", "webhooks:write"))).post("/api/webhooks").then().statusCode(201)
                .extract().response();
        Map<String, Object> shown = oauth.jsonPath().getMap("auth");
        assertThat(shown).containsOnlyKeys("type", "token_url", "client_id", "scope", "audience")
                .containsEntry("type", "oauth2").containsEntry("token_url", "https://auth.example.com/oauth/token")
                .containsEntry("client_id", "encrata-client").containsEntry("scope", "webhooks:write")
                .containsEntry("audience", null);
        assertThat(oauth.asString()).doesNotContain("client-secret-31d0");
        assertThat(storedSecret(oauth.path("id"))).isEqualTo("client-secret-31d0");

        String list = tenant.api().get("/api/webhooks").then().statusCode(200).extract().asString();
        assertThat(list).doesNotContain("basic-password-9f2c", "bearer-token-77a1", "client-secret-31d0");
    }

    @Test
    void anUpdateThatRepeatsTheTypeWithoutItsSecretKeepsTheStoredSecret() {
        Tenant tenant = Tenant.create();
        Map<String, Object> create = webhook("auth", Map.of("type", "basic", "username", "first", "password", "kept-secret"));
        String id = tenant.api().body(create).post("/api/webhooks").then().statusCode(201).extract().path("id");

        tenant.api().body(Map.of("id", id, "url", create.get("url"), "auth", Map.of("type", "basic", "username", "second")))
                .put("/api/webhooks").then().statusCode(200);
        tenant.api().queryParam("id", id).get("/api/webhooks").then().body("auth.username", equalTo("second"));
        assertThat(storedSecret(id)).isEqualTo("kept-secret");

        // Another type needs its own secret part.
        tenant.api().body(Map.of("id", id, "url", create.get("url"), "auth", Map.of("type", "bearer")))
                .put("/api/webhooks").then().statusCode(400).body("details[0].field", equalTo("auth.token"));
        tenant.api().body(Map.of("id", id, "url", create.get("url"), "auth", Map.of("type", "bearer", "token", "t-2")))
                .put("/api/webhooks").then().statusCode(200);
        assertThat(storedSecret(id)).isEqualTo("t-2");

        // Omitted or null: kept. {"type": "none"}: removed.
        Map<String, Object> withNull = new HashMap<>(Map.of("id", id, "url", create.get("url")));
        withNull.put("auth", null);
        tenant.api().body(withNull).put("/api/webhooks").then().statusCode(200);
        tenant.api().queryParam("id", id).get("/api/webhooks").then().body("auth.type", equalTo("bearer"));
        tenant.api().body(Map.of("id", id, "url", create.get("url"), "auth", Map.of("type", "none")))
                .put("/api/webhooks").then().statusCode(200);
        tenant.api().queryParam("id", id).get("/api/webhooks").then().body("auth", nullValue());
        assertThat(row(id).get("auth")).isNull();
        assertThat(row(id).get("auth_secret_ciphertext")).isNull();
    }

    @Test
    void headersAreReplacedOnUpdateAndClearedWithAnEmptyObject() {
        Tenant tenant = Tenant.create();
        Map<String, Object> create = webhook("headers", Map.of("X-One", "1"));
        String id = tenant.api().body(create).post("/api/webhooks").then().statusCode(201).extract().path("id");
        tenant.api().body(Map.of("id", id, "url", create.get("url"), "headers", Map.of("X-Two", "2")))
                .put("/api/webhooks").then().statusCode(200);
        tenant.api().queryParam("id", id).get("/api/webhooks").then().body("headers", equalTo(Map.of("X-Two", "2")));
        tenant.api().body(Map.of("id", id, "url", create.get("url"))).put("/api/webhooks").then().statusCode(200);
        tenant.api().queryParam("id", id).get("/api/webhooks").then().body("headers", equalTo(Map.of("X-Two", "2")));
        tenant.api().body(Map.of("id", id, "url", create.get("url"), "headers", Map.of())).put("/api/webhooks")
                .then().statusCode(200);
        tenant.api().queryParam("id", id).get("/api/webhooks").then().body("headers", equalTo(Map.of()));
    }

    static Stream<Arguments> badHeaders() {
        Map<String, Object> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 21; i++) {
            tooMany.put("X-H" + i, "v");
        }
        Map<String, Object> tooBig = new LinkedHashMap<>();
        for (int i = 0; i < 9; i++) {
            tooBig.put("X-Big" + i, "v".repeat(1000));
        }
        Map<String, Object> twice = new LinkedHashMap<>();
        twice.put("X-Env", "a");
        twice.put("x-env", "b");
        return Stream.of(
                Arguments.of(tooMany, "headers"),
                Arguments.of(tooBig, "headers"),
                Arguments.of(twice, "headers.x-env"),
                Arguments.of(Map.of("X Env", "v"), "headers.X Env"),
                Arguments.of(Map.of("X-Env:", "v"), "headers.X-Env:"),
                Arguments.of(Map.of("", "v"), "headers."),
                Arguments.of(Map.of("X-" + "a".repeat(63), "v"), "headers.X-" + "a".repeat(63)),
                Arguments.of(Map.of("X-Env", "line\r\nX-Other: injected"), "headers.X-Env"),
                Arguments.of(Map.of("X-Env", "tab\there"), "headers.X-Env"),
                Arguments.of(Map.of("X-Env", "caf\u00e9"), "headers.X-Env"),
                Arguments.of(Map.of("X-Env", "v".repeat(1025)), "headers.X-Env"),
                Arguments.of(Map.of("X-Env", 42), "headers.X-Env"),
                Arguments.of(Map.of("X-Env", true), "headers.X-Env"),
                Arguments.of(Map.of("X-Env", List.of("a")), "headers.X-Env"),
                Arguments.of(List.of("X-Env"), "headers"),
                Arguments.of("X-Env: v", "headers"));
    }

    @ParameterizedTest
    @MethodSource("badHeaders")
    void badHeadersAreA400NamingThemAndChangeNothing(Object headers, String field) {
        Tenant tenant = Tenant.create();
        tenant.api().body(webhook("headers", headers)).post("/api/webhooks").then().statusCode(400)
                .body("details[0].field", equalTo(field));
        Map<String, Object> create = webhook("headers", Map.of("X-Kept", "yes"));
        String id = tenant.api().body(create).post("/api/webhooks").then().statusCode(201).extract().path("id");
        tenant.api().body(Map.of("id", id, "url", create.get("url"), "headers", headers, "description", "changed"))
                .put("/api/webhooks").then().statusCode(400).body("details[0].field", equalTo(field));
        tenant.api().queryParam("id", id).get("/api/webhooks").then().body("headers", equalTo(Map.of("X-Kept", "yes")))
                .body("description", nullValue());
        tenant.api().get("/api/webhooks").then().body("size()", equalTo(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "host", "Content-Type", "Content-Length", "Transfer-Encoding", "Connection",
            "Keep-Alive", "Upgrade", "TE", "Trailer", "Expect", "User-Agent", "Authorization", "authorization",
            "Proxy-Authorization", "Proxy-Connection", "X-Encrata-Signature", "x-encrata-anything", "webhook-id",
            "Webhook-Signature"})
    void headersTheServiceOrTheConnectionSetAreRefused(String name) {
        Tenant tenant = Tenant.create();
        tenant.api().body(webhook("headers", Map.of(name, "v"))).post("/api/webhooks").then().statusCode(400)
                .body("details[0].field", equalTo("headers." + name));
        tenant.api().get("/api/webhooks").then().body("size()", equalTo(0));
    }

    @Test
    void twentyHeadersOfUpTo1024CharactersFitWithinTheLimit() {
        Tenant tenant = Tenant.create();
        Map<String, Object> headers = new LinkedHashMap<>();
        for (int i = 0; i < 7; i++) {
            headers.put("X-H" + i, "v".repeat(1024));
        }
        for (int i = 7; i < 20; i++) {
            headers.put("X-H" + i, "~!#$%&'*+-.^_`| z");
        }
        tenant.api().body(webhook("headers", headers)).post("/api/webhooks").then().statusCode(201);
    }

    static Stream<Arguments> badCredentials() {
        Map<String, Object> noType = new HashMap<>(Map.of("username", "u", "password", "p"));
        return Stream.of(
                Arguments.of(noType, "auth.type"),
                Arguments.of(Map.of("type", "digest"), "auth.type"),
                Arguments.of(Map.of("type", "BASIC", "username", "u", "password", "p"), "auth.type"),
                Arguments.of(Map.of("type", 1), "auth.type"),
                Arguments.of("bearer secret", "auth"),
                Arguments.of(List.of("basic"), "auth"),
                Arguments.of(Map.of("type", "basic", "password", "p"), "auth.username"),
                Arguments.of(Map.of("type", "basic", "username", "", "password", "p"), "auth.username"),
                Arguments.of(Map.of("type", "basic", "username", "a:b", "password", "p"), "auth.username"),
                Arguments.of(Map.of("type", "basic", "username", "u".repeat(257), "password", "p"), "auth.username"),
                Arguments.of(Map.of("type", "basic", "username", "u", "password", "p".repeat(257)), "auth.password"),
                Arguments.of(Map.of("type", "basic", "username", "u"), "auth.password"),
                Arguments.of(Map.of("type", "basic", "username", "u", "password", 5), "auth.password"),
                Arguments.of(Map.of("type", "bearer"), "auth.token"),
                Arguments.of(Map.of("type", "bearer", "token", ""), "auth.token"),
                Arguments.of(Map.of("type", "bearer", "token", "t".repeat(4097)), "auth.token"),
                Arguments.of(Map.of("type", "bearer", "token", "to\nken"), "auth.token"),
                Arguments.of(Map.of("type", "bearer", "token", "t\u00f6ken"), "auth.token"),
                Arguments.of(Map.of("type", "oauth2", "client_id", "c", "client_secret", "s"), "auth.token_url"),
                Arguments.of(Map.of("type", "oauth2", "token_url", "http://auth.example.com/token", "client_id", "c",
                        "client_secret", "s"), "auth.token_url"),
                Arguments.of(Map.of("type", "oauth2", "token_url", "https://169.254.169.254/token", "client_id", "c",
                        "client_secret", "s"), "auth.token_url"),
                Arguments.of(Map.of("type", "oauth2", "token_url", "https://user@auth.example.com/token",
                        "client_id", "c", "client_secret", "s"), "auth.token_url"),
                Arguments.of(Map.of("type", "oauth2", "token_url", "https://auth.example.com/token",
                        "client_secret", "s"), "auth.client_id"),
                Arguments.of(Map.of("type", "oauth2", "token_url", "https://auth.example.com/token", "client_id", ""),
                        "auth.client_id"),
                Arguments.of(Map.of("type", "oauth2", "token_url", "https://auth.example.com/token", "client_id", "c"),
                        "auth.client_secret"),
                Arguments.of(Map.of("type", "oauth2", "token_url", "https://auth.example.com/token", "client_id", "c",
                        "client_secret", "s", "scope", "a\u0000b"), "auth.scope"),
                Arguments.of(Map.of("type", "mtls", "private_key", "x"), "auth.certificate"),
                Arguments.of(Map.of("type", "mtls", "certificate", "not a certificate", "private_key", "x"),
                        "auth.certificate"));
    }

    @ParameterizedTest
    @MethodSource("badCredentials")
    void badCredentialsAreA400NamingTheirPartAndChangeNothing(Object auth, String field) {
        Tenant tenant = Tenant.create();
        String answer = tenant.api().body(webhook("auth", auth)).post("/api/webhooks").then().statusCode(400)
                .body("details[0].field", equalTo(field)).extract().asString();
        assertThat(answer).doesNotContain("Exception", "dev.", "java.");
        tenant.api().get("/api/webhooks").then().body("size()", equalTo(0));

        // Over stored credentials of another type, so that no part can be taken from them.
        Map<String, Object> create = webhook("auth", Map.of("type", "basic", "username", "u", "password", "unchanged"));
        String id = tenant.api().body(create).post("/api/webhooks").then().statusCode(201).extract().path("id");
        boolean basicWithoutPassword = auth instanceof Map<?, ?> m && "basic".equals(m.get("type"))
                && !m.containsKey("password");
        if (!basicWithoutPassword) {
            tenant.api().body(Map.of("id", id, "url", create.get("url"), "auth", auth, "description", "changed"))
                    .put("/api/webhooks").then().statusCode(400).body("details[0].field", equalTo(field));
        }
        tenant.api().queryParam("id", id).get("/api/webhooks").then().body("auth.type", equalTo("basic"))
                .body("auth.username", equalTo("u")).body("description", nullValue());
        assertThat(storedSecret(id)).isEqualTo("unchanged");
    }
}
