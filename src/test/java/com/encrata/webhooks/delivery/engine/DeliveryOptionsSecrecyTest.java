package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.CapturedLogs;
import com.encrata.webhooks.support.Deliveries;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.HttpsReceiver;
import com.encrata.webhooks.support.LoopbackHttps;
import com.encrata.webhooks.support.LoopbackHttps.Reply;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.TestCa;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * The secret parts of a webhook's credentials (SPEC §10), and the access tokens obtained with them,
 * never show: not in the service's log, not in any API answer (webhook, list, delivery log, test),
 * not in the metrics, whether the attempts succeed or fail.
 */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class DeliveryOptionsSecrecyTest {

    @Test
    void credentialsNeverShowInLogsAnswersOrMetrics() {
        String password = "pw-" + UUID.randomUUID();
        String token = "bt-" + UUID.randomUUID();
        String clientSecret = "cs-" + UUID.randomUUID();
        String accessToken = "at-" + UUID.randomUUID();
        TestCa.Client client = TestCa.create("Secrecy CA").client("secrecy", "EC", true);
        String keyBody = client.privateKeyPem().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        List<String> secrets = List.of(password, token, clientSecret, accessToken, keyBody);

        try (CapturedLogs logs = CapturedLogs.start();
                LoopbackHttps tokens = LoopbackHttps.start(r -> r.path().endsWith("/fail")
                        ? Reply.json(500, "{\"error\":\"" + clientSecret + "\"}")
                        : Reply.json(200, "{\"access_token\":\"" + accessToken + "\",\"expires_in\":3600}"))) {
            Tenant tenant = Tenant.create();
            List<String> ids = new ArrayList<>();
            ids.add(webhook(tenant, HttpsReceiver.url("ok"), Map.of("type", "basic", "username", "u", "password", password)));
            ids.add(webhook(tenant, HttpsReceiver.url("fail"), Map.of("type", "bearer", "token", token)));
            ids.add(webhook(tenant, HttpsReceiver.url("ok"), Map.of("type", "oauth2", "token_url",
                    tokens.url("/token/ok"), "client_id", "c", "client_secret", clientSecret)));
            ids.add(webhook(tenant, HttpsReceiver.url("gone"), Map.of("type", "oauth2", "token_url",
                    tokens.url("/token/fail"), "client_id", "c", "client_secret", clientSecret)));
            // The receiver wants no client certificate; this one is presented and the attempt goes on.
            ids.add(webhook(tenant, HttpsReceiver.url("ok"), Map.of("type", "mtls", "certificate",
                    client.certificatePem(), "private_key", client.privateKeyPem())));

            Events.post("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"credits.low\",\"data\":{}}")
                    .statusCode(202);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ids).allSatisfy(id ->
                    assertThat(Deliveries.only(tenant, id).get("next_attempt_at")).isNull()));

            List<String> answers = new ArrayList<>();
            for (String id : ids) {
                answers.add(tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200)
                        .extract().asString());
                answers.add(tenant.api().queryParam("id", id).get("/api/webhooks").then().statusCode(200)
                        .extract().asString());
                answers.add(tenant.api().queryParam("webhook_id", id).get("/api/webhooks/deliveries").then()
                        .statusCode(200).extract().asString());
            }
            answers.add(tenant.api().get("/api/webhooks").then().statusCode(200).extract().asString());
            answers.add(RestAssured.get("/q/metrics").then().statusCode(200).extract().asString());

            String everything = String.join("\n", answers) + "\n" + logs.text();
            assertThat(answers.get(answers.size() - 2)).contains("\"auth\"", "\"oauth2\"", "\"mtls\"");
            assertThat(logs.text()).contains("the OAuth2 token endpoint answered 500");
            for (String secret : secrets) {
                assertThat(everything).doesNotContain(secret);
            }
        }
    }

    private static String webhook(Tenant tenant, String url, Map<String, String> auth) {
        return tenant.api().body(Map.of("url", url, "events", List.of("credits.low"), "auth", auth))
                .post("/api/webhooks").then().statusCode(201).extract().path("id");
    }
}
