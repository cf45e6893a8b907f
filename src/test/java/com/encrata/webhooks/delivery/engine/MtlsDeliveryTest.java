package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLContext;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.encrata.webhooks.support.Deliveries;
import com.encrata.webhooks.support.DeliveryProfile;
import com.encrata.webhooks.support.Events;
import com.encrata.webhooks.support.LoopbackHttps;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.TestCa;

import io.netty.handler.ssl.OpenSsl;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.net.OpenSSLEngineOptions;

/**
 * mTLS webhooks (SPEC §10) against a receiver that requires a client certificate from a CA the test
 * made: the stored chain and key are presented, RSA or EC, PKCS#8 or the traditional key forms; a
 * receiver refuses a missing or foreign certificate, which is a {@code tls} failure. On BoringSSL
 * wherever it loads (Linux x86-64); {@link JdkTlsMtlsDeliveryTest} runs the same on the JDK's engine.
 */
@QuarkusTest
@TestProfile(DeliveryProfile.class)
class MtlsDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static TestCa ca;
    private static LoopbackHttps receiver;

    @Inject
    DeliveryClients clients;

    /** Whether this class's profile sends through BoringSSL: wherever it loads. */
    boolean openssl() {
        return OpenSSLEngineOptions.isAvailable();
    }

    @BeforeAll
    static void startReceiver() {
        ca = TestCa.create("Encrata test client CA");
        receiver = LoopbackHttps.requiringClientCertificates(ca.certificatePem());
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    private static String webhook(Tenant tenant, String path, TestCa.Client client) {
        Map<String, Object> body = client == null ? Map.of("url", receiver.url(path), "events", List.of("credits.low"))
                : Map.of("url", receiver.url(path), "events", List.of("credits.low"), "auth", Map.of("type", "mtls",
                        "certificate", client.certificatePem(), "private_key", client.privateKeyPem()));
        return tenant.api().body(body).post("/api/webhooks").then().statusCode(201).extract().path("id");
    }

    private static void creditsLow(Tenant tenant) {
        Events.post("{\"workspace_id\":\"" + tenant.workspaceId() + "\",\"event\":\"credits.low\",\"data\":{}}")
                .statusCode(202);
    }

    @Test
    void sendsThroughTheConfiguredTlsEngine() {
        assertThat(clients.openssl()).isEqualTo(openssl());
    }

    @Test
    void boringSslLoadsOnLinuxX8664() {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"));
        assertThat(OpenSSLEngineOptions.isAvailable()).isTrue();
    }

    @Test
    void boringSslOffersOnlyWhatTheJdkWould() {
        assumeTrue(OpenSSLEngineOptions.isAvailable());
        List<String> jdk = List.of(assertDoesNotThrow(() -> SSLContext.getDefault()).getDefaultSSLParameters()
                .getCipherSuites());
        assertThat(DeliveryClients.jdkCipherSuitesBoringSslHas())
                .contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")
                .doesNotContain("TLS_PSK_WITH_AES_128_CBC_SHA", "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256")
                .containsExactlyElementsOf(jdk.stream().filter(OpenSsl.availableJavaCipherSuites()::contains).toList());
    }

    @ParameterizedTest
    @CsvSource({"RSA, true", "RSA, false", "EC, true", "EC, false"})
    void presentsTheStoredClientCertificate(String algorithm, boolean pkcs8) {
        Tenant tenant = Tenant.create();
        String name = "client-" + algorithm + "-" + (pkcs8 ? "pkcs8" : "traditional") + "-" + UUID.randomUUID();
        TestCa.Client client = ca.client(name, algorithm, pkcs8);
        assertThat(client.privateKeyPem()).startsWith(pkcs8 ? "-----BEGIN PRIVATE KEY-----"
                : algorithm.equals("RSA") ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----");
        String path = "/" + UUID.randomUUID();
        String id = webhook(tenant, path, client);

        creditsLow(tenant);
        await().atMost(WAIT).untilAsserted(() -> assertThat(Deliveries.only(tenant, id))
                .containsEntry("status", "success").containsEntry("response_status", 200).containsEntry("attempts", 1));
        assertThat(receiver.receivedAt(path)).singleElement()
                .satisfies(r -> assertThat(r.clientSubject()).isEqualTo("CN=" + name));

        tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200)
                .body("status", equalTo("sent")).body("status_code", equalTo(200));
        assertThat(receiver.receivedAt(path)).hasSize(2)
                .allSatisfy(r -> assertThat(r.clientSubject()).isEqualTo("CN=" + name));
    }

    @Test
    void aReceiverRefusesAMissingOrForeignCertificate() {
        Tenant tenant = Tenant.create();
        String withoutPath = "/" + UUID.randomUUID();
        String without = webhook(tenant, withoutPath, null);
        TestCa other = TestCa.create("Some other CA");
        String foreignPath = "/" + UUID.randomUUID();
        String foreign = webhook(tenant, foreignPath, other.client("stranger", "EC", true));

        creditsLow(tenant);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(Deliveries.only(tenant, without)).containsEntry("error", "tls").containsEntry("response_status", null);
            assertThat(Deliveries.only(tenant, foreign)).containsEntry("error", "tls").containsEntry("response_status", null);
        });
        tenant.api().body(Map.of("id", foreign)).post("/api/webhooks/test").then().statusCode(200)
                .body("status", equalTo("failed")).body("error", equalTo("tls")).body("status_code", equalTo(null));
        assertThat(receiver.receivedAt(withoutPath)).isEmpty();
        assertThat(receiver.receivedAt(foreignPath)).isEmpty();
    }

    @Test
    void showsTheCertificatesFingerprintAndExpiryButNeverItsKey() {
        Tenant tenant = Tenant.create();
        TestCa.Client client = ca.client("shown", "RSA", false);
        String id = webhook(tenant, "/" + UUID.randomUUID(), client);
        String shown = tenant.api().queryParam("id", id).get("/api/webhooks").then().statusCode(200)
                .body("auth.type", equalTo("mtls")).extract().asString();
        assertThat(shown).contains("certificate_sha256", "not_after").doesNotContain("PRIVATE KEY")
                .doesNotContain(client.privateKeyPem().lines().skip(1).findFirst().orElseThrow());
    }
}
