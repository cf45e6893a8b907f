package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.CapturedLogs;
import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Deliveries;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.LoopbackHttps;
import com.encrata.webhooks.support.LoopbackHttps.Reply;
import com.encrata.webhooks.support.ProxyProfile;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Tinyproxy;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Deliveries, tests and OAuth2 token requests through an egress proxy (SPEC §10), Debian's tinyproxy
 * run by the test: the target guard vets the host first and the proxy is asked to {@code CONNECT} to
 * the vetted address, while TLS, SNI and {@code Host} keep the webhook's host name. A proxy that
 * refuses or is down fails the attempt with {@code proxy}.
 */
@QuarkusTest
@TestProfile(ProxyProfile.class)
class ProxiedDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static int proxyPort;
    private static LoopbackHttps tokens;
    private static Tinyproxy proxy;

    @BeforeAll
    static void startProxy() {
        Tinyproxy.assumeInstalled();
        proxyPort = URI.create(ConfigProvider.getConfig().getValue("encrata.delivery.proxy", String.class)).getPort();
        tokens = LoopbackHttps.start(r -> Reply.json(200, "{\"access_token\":\"proxied-token\",\"expires_in\":3600}"));
        proxy = startTinyproxy();
    }

    private static Tinyproxy startTinyproxy() {
        return Tinyproxy.start(proxyPort, List.of(HttpsReceiver.port(), tokens.port()));
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    private static String webhook(Tenant tenant, String url, Map<String, Object> options) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("url", url, "events", List.of("credits.low")));
        body.putAll(options);
        return tenant.api().body(body).post("/api/webhooks").then().statusCode(201).extract().path("id");
    }

    private static void creditsLow(Tenant tenant) {
        Events.post("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"credits.low\",\"data\":{}}")
                .statusCode(202);
    }

    @Test
    void connectsThroughTheProxyToTheVettedAddressKeepingTheHostName() {
        CapturedLogs logs = CapturedLogs.start();
        Tenant tenant = Tenant.create();
        String url = HttpsReceiver.url("ok");
        String id = webhook(tenant, url, Map.of("headers", Map.of("X-Env", "proxied"), "auth", Map.of("type", "oauth2",
                "token_url", tokens.url("/token/" + UUID.randomUUID()), "client_id", "c", "client_secret", "s")));
        creditsLow(tenant);
        await().atMost(WAIT).untilAsserted(() -> assertThat(Deliveries.only(tenant, id))
                .containsEntry("status", "success").containsEntry("response_status", 200));
        tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200)
                .body("status", equalTo("sent")).body("status_code", equalTo(200));

        // The certificate names localhost only: the TLS check passed on the host name, through the tunnel.
        assertThat(HttpsReceiver.receivedAt(url)).hasSize(2).allSatisfy(r -> {
            assertThat(r.headers().get("Host")).isEqualTo("localhost:" + HttpsReceiver.port());
            assertThat(r.headers().get("Authorization")).isEqualTo("Bearer proxied-token");
            assertThat(r.headers().get("X-Env")).isEqualTo("proxied");
            assertThat(r.headers().contains("Proxy-Authorization")).isFalse();
        });
        logs.close();
        assertThat(logs.text()).doesNotContain(Tinyproxy.PASSWORD);
        String log = proxy.log();
        assertThat(log).contains("CONNECT 127.0.0.1:" + HttpsReceiver.port() + " ")
                .contains("CONNECT 127.0.0.1:" + tokens.port() + " ")
                .doesNotContain("CONNECT localhost");
    }

    @Test
    void theGuardStillRefusesABlockedAddressBeforeAnyConnection() {
        Tenant tenant = Tenant.create();
        String id = webhook(tenant, HttpsReceiver.url("ok"), Map.of());
        // Private targets are allowed in tests; link-local (cloud metadata) never is.
        Database.update("UPDATE webhooks SET url = ? WHERE id = ?",
                "https://169.254.169.254:" + HttpsReceiver.port() + "/latest/meta-data", UUID.fromString(id));
        tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200)
                .body("status", equalTo("failed")).body("error", equalTo("blocked address"));
        creditsLow(tenant);
        await().atMost(WAIT).untilAsserted(() -> assertThat(Deliveries.of(tenant, id)).hasSize(2)
                .allSatisfy(d -> assertThat(d).containsEntry("error", "blocked address")));
        assertThat(proxy.log()).doesNotContain("169.254.169.254");
    }

    @Test
    void aProxyThatRefusesTheConnectFailsTheAttemptWithProxy() {
        Tenant tenant = Tenant.create();
        int notAllowed = Tinyproxy.freePort();
        String id = webhook(tenant, "https://localhost:" + notAllowed + "/hook", Map.of());
        tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200)
                .body("status", equalTo("failed")).body("error", equalTo("proxy")).body("status_code", equalTo(null));
        creditsLow(tenant);
        await().atMost(WAIT).untilAsserted(() -> assertThat(Deliveries.of(tenant, id))
                .allSatisfy(d -> assertThat(d).containsEntry("error", "proxy")));
        assertThat(proxy.log()).contains("CONNECT 127.0.0.1:" + notAllowed + " ");
    }

    @Test
    void aProxyThatIsDownFailsTheAttemptWithProxy() {
        Tenant tenant = Tenant.create();
        // Without a proxy this would be "connection refused"; through one that is down, it is the proxy's failure.
        String id = webhook(tenant, "https://localhost:1/hook", Map.of());
        proxy.close();
        try {
            tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200)
                    .body("status", equalTo("failed")).body("error", equalTo("proxy"));
            creditsLow(tenant);
            await().atMost(WAIT).untilAsserted(() -> assertThat(Deliveries.of(tenant, id))
                    .anySatisfy(d -> assertThat(d).containsEntry("event_type", "credits.low")
                            .containsEntry("error", "proxy")));
        } finally {
            proxy = startTinyproxy();
        }
    }
}
