package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Deliveries;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.LoopbackHttps;
import com.encrata.webhooks.support.LoopbackHttps.Received;
import com.encrata.webhooks.support.LoopbackHttps.Reply;
import com.encrata.webhooks.support.Tenant;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * OAuth2 client-credentials webhooks (SPEC §10) against a token endpoint and a protected endpoint
 * the test runs on loopback. The token endpoint's last path segment chooses its answer: {@code ttl-N}
 * (expires_in N), {@code no-expiry}, {@code fail-N} (500 for the first N requests, then a token) or
 * {@code fail}; the protected endpoint ({@code /hook/...}) answers 401 to any token it did not issue
 * or that the test revoked.
 */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class OAuth2DeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Set<String> VALID = ConcurrentHashMap.newKeySet();
    private static LoopbackHttps server;

    @BeforeAll
    static void startServer() {
        server = LoopbackHttps.start(OAuth2DeliveryTest::answer);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Reply answer(Received request) {
        String path = request.path();
        if (path.startsWith("/hook/")) {
            String authorization = request.headers().get("Authorization");
            boolean valid = authorization != null && authorization.startsWith("Bearer ")
                    && VALID.contains(authorization.substring("Bearer ".length()));
            return valid ? Reply.json(200, "{\"ok\":true}") : Reply.json(401, "{\"error\":\"invalid_token\"}");
        }
        String behaviour = path.substring(path.lastIndexOf('/') + 1);
        if (behaviour.equals("fail") || behaviour.startsWith("fail-")
                && server.receivedAt(path).size() <= Integer.parseInt(behaviour.substring("fail-".length()))) {
            return Reply.json(500, "{\"error\":\"server_error\"}");
        }
        String token = "at-" + UUID.randomUUID();
        VALID.add(token);
        String expiry = behaviour.startsWith("ttl-") ? ",\"expires_in\":" + behaviour.substring("ttl-".length()) : "";
        return Reply.json(200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\"" + expiry + "}");
    }

    /** A webhook of a fresh tenant to a fresh protected path; returns {id, hook path, token path}. */
    private static String[] webhook(Tenant tenant, String tokenBehaviour, Map<String, Object> extra) {
        String hookPath = "/hook/" + UUID.randomUUID();
        String tokenPath = "/token/" + UUID.randomUUID() + "/" + tokenBehaviour;
        Map<String, Object> auth = new java.util.HashMap<>(Map.of("type", "oauth2", "token_url", server.url(tokenPath),
                "client_id", "reporting-service", "client_secret", "cs-" + UUID.randomUUID()));
        auth.putAll(extra);
        String id = tenant.api().body(Map.of("url", server.url(hookPath), "events", List.of("credits.low"), "auth", auth))
                .post("/api/webhooks").then().statusCode(201).extract().path("id");
        return new String[] {id, hookPath, tokenPath};
    }

    private static void creditsLow(Tenant tenant) {
        Events.post("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"credits.low\",\"data\":{}}")
                .statusCode(202);
    }

    private static void awaitSucceeded(Tenant tenant, String webhookId, int deliveries) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(Deliveries.of(tenant, webhookId)).hasSize(deliveries)
                .allSatisfy(d -> assertThat(d).containsEntry("status", "success")));
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&")).map(pair -> pair.split("=", 2)).collect(Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8), p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    private static List<String> bearers(String hookPath) {
        return server.receivedAt(hookPath).stream().map(r -> r.headers().get("Authorization")).toList();
    }

    @Test
    void postsTheClientCredentialsGrantWithBasicClientAuthentication() {
        Tenant tenant = Tenant.create();
        String clientId = "svc:reports";
        String secret = "s3cr3t/+=" + UUID.randomUUID();
        String hookPath = "/hook/" + UUID.randomUUID();
        String tokenPath = "/token/" + UUID.randomUUID() + "/ttl-3600";
        String id = tenant.api().body(Map.of("url", server.url(hookPath), "events", List.of("credits.low"),
                "auth", Map.of("type", "oauth2", "token_url", server.url(tokenPath), "client_id", clientId,
                        "client_secret", secret, "scope", "webhooks:write events", "audience", "https://api.example.com/")))
                .post("/api/webhooks").then().statusCode(201).extract().path("id");
        creditsLow(tenant);
        awaitSucceeded(tenant, id, 1);

        Received tokenRequest = server.receivedAt(tokenPath).get(0);
        assertThat(tokenRequest.headers().get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(form(tokenRequest.body())).containsExactlyInAnyOrderEntriesOf(Map.of("grant_type",
                "client_credentials", "scope", "webhooks:write events", "audience", "https://api.example.com/"));
        // RFC 6749 §2.3.1: both parts form-encoded, then joined by ':' and base64-encoded.
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        assertThat(tokenRequest.headers().get("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        assertThat(bearers(hookPath)).singleElement().asString().startsWith("Bearer at-");

        // Without scope and audience, the form holds the grant type alone.
        String[] plain = webhook(tenant, "ttl-3600", Map.of());
        tenant.api().body(Map.of("id", plain[0])).post("/api/webhooks/test").then().statusCode(200)
                .body("status", equalTo("sent")).body("status_code", equalTo(200));
        assertThat(form(server.receivedAt(plain[2]).get(0).body())).isEqualTo(Map.of("grant_type", "client_credentials"));
    }

    @Test
    void reusesATokenUntil30SecondsBeforeItExpires() {
        Tenant tenant = Tenant.create();
        String[] longLived = webhook(tenant, "ttl-45", Map.of());
        String[] noExpiry = webhook(tenant, "no-expiry", Map.of());
        String[] shortLived = webhook(tenant, "ttl-30", Map.of());
        // Three events at once: attempts that need the token while it is fetched wait for that fetch.
        creditsLow(tenant);
        creditsLow(tenant);
        creditsLow(tenant);
        awaitSucceeded(tenant, longLived[0], 3);
        awaitSucceeded(tenant, noExpiry[0], 3);
        awaitSucceeded(tenant, shortLived[0], 3);
        creditsLow(tenant);
        awaitSucceeded(tenant, longLived[0], 4);
        awaitSucceeded(tenant, noExpiry[0], 4);
        awaitSucceeded(tenant, shortLived[0], 4);

        assertThat(server.receivedAt(longLived[2])).hasSize(1);
        assertThat(bearers(longLived[1])).hasSize(4).containsOnly(bearers(longLived[1]).get(0));
        assertThat(server.receivedAt(noExpiry[2])).hasSize(1);
        assertThat(bearers(noExpiry[1])).hasSize(4).containsOnly(bearers(noExpiry[1]).get(0));
        // 30 s of life is used up by the margin: the token serves the attempts that waited for it, no later ones.
        assertThat(server.receivedAt(shortLived[2]).size()).isBetween(2, 4);
        assertThat(bearers(shortLived[1]).get(3)).isNotIn(bearers(shortLived[1]).subList(0, 3));
    }

    @Test
    void aRefusedTokenIsDiscardedAndTheNextAttemptFetchesANewOne() {
        Tenant tenant = Tenant.create();
        String[] hook = webhook(tenant, "ttl-3600", Map.of());
        creditsLow(tenant);
        awaitSucceeded(tenant, hook[0], 1);
        String first = bearers(hook[1]).get(0);
        VALID.remove(first.substring("Bearer ".length()));

        creditsLow(tenant);
        await().atMost(WAIT).untilAsserted(() -> assertThat(Deliveries.of(tenant, hook[0]).get(0))
                .containsEntry("status", "success").containsEntry("attempts", 2).containsEntry("error", null));
        assertThat(server.receivedAt(hook[2])).hasSize(2);
        List<Received> attempts = server.receivedAt(hook[1]);
        assertThat(attempts).hasSize(3);
        assertThat(attempts.get(1).headers().get("Authorization")).isEqualTo(first);
        assertThat(attempts.get(2).headers().get("Authorization")).isNotEqualTo(first).startsWith("Bearer at-");
    }

    @Test
    void aFailingTokenEndpointFailsTheAttemptWithAuthOnTheUsualSchedule() {
        Tenant tenant = Tenant.create();
        String[] recovering = webhook(tenant, "fail-2", Map.of());
        String[] broken = webhook(tenant, "fail", Map.of());
        creditsLow(tenant);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(Deliveries.only(tenant, recovering[0])).containsEntry("status", "success").containsEntry("attempts", 3);
            assertThat(Deliveries.only(tenant, broken[0])).containsEntry("status", "failed").containsEntry("attempts", 4)
                    .containsEntry("error", "auth").containsEntry("response_status", null)
                    .containsEntry("next_attempt_at", null);
        });
        assertThat(server.receivedAt(recovering[1])).hasSize(1);
        assertThat(server.receivedAt(broken[1])).isEmpty();
        // 300 ms, 600 ms then 900 ms between attempts (each ±20 %), as for any failure.
        List<Received> tokenRequests = server.receivedAt(broken[2]);
        assertThat(tokenRequests).hasSize(4);
        assertThat(Duration.between(tokenRequests.get(0).at(), tokenRequests.get(1).at()))
                .isBetween(Duration.ofMillis(230), Duration.ofMillis(1500));
        assertThat(Duration.between(tokenRequests.get(1).at(), tokenRequests.get(2).at()))
                .isBetween(Duration.ofMillis(470), Duration.ofMillis(2000));

        tenant.api().body(Map.of("id", broken[0])).post("/api/webhooks/test").then().statusCode(200)
                .body("status", equalTo("failed")).body("error", equalTo("auth")).body("status_code", equalTo(null));
    }

    @Test
    void theTokenUrlPassesTheTargetGuardToo() {
        Tenant tenant = Tenant.create();
        String[] hook = webhook(tenant, "ttl-3600", Map.of());
        // Private targets are allowed in tests; link-local (cloud metadata) never is.
        Database.update("UPDATE webhooks SET auth = replace(auth, ?, ?) WHERE id = ?", server.url(hook[2]),
                "https://169.254.169.254:" + server.port() + hook[2], UUID.fromString(hook[0]));
        tenant.api().body(Map.of("id", hook[0])).post("/api/webhooks/test").then().statusCode(200)
                .body("status", equalTo("failed")).body("error", equalTo("auth"));
        assertThat(server.receivedAt(hook[1])).isEmpty();
        assertThat(server.receivedAt(hook[2])).isEmpty();
    }
}
