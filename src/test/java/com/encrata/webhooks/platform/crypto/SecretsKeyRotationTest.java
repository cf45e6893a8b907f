package com.encrata.webhooks.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.platform.idempotency.IdempotentCreates;
import com.encrata.webhooks.support.Ciphers;
import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The service runs on a new secrets key with the dev key as the previous one. */
@QuarkusTest
@TestProfile(SecretsKeyRotationTest.Rotated.class)
class SecretsKeyRotationTest {

    static final String OLD_KEY = "ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE=";
    static final String NEW_KEY = Base64.getEncoder().encodeToString("new-secrets-key-for-rotation-32b".getBytes());

    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("encrata.secrets.key", NEW_KEY, "encrata.secrets.key-previous", OLD_KEY);
        }
    }

    @Inject
    SecretCipher cipher;

    @Inject
    SecretReencryption reencryption;

    private static SecretCipher cipherWith(String key) {
        return Ciphers.withKey(key);
    }

    private static String webhook(Tenant tenant) {
        return Webhooks.id(tenant, "https://rotation.example.com/" + UUID.randomUUID(), "credits.low");
    }

    @Test
    void rowsUnderThePreviousKeyAreReadAndMovedToTheNewKey() {
        Tenant tenant = Tenant.create();
        String id = webhook(tenant);
        String secret = "whsec_" + "c".repeat(64);
        Database.update("UPDATE webhooks SET secret_ciphertext = ? WHERE id = ?",
                cipherWith(OLD_KEY).encrypt(secret, id), UUID.fromString(id));

        SecretReencryption.Report report = reencryption.run().await().atMost(Duration.ofSeconds(30));

        assertThat(report.reencrypted()).isGreaterThanOrEqualTo(1);
        String stored = (String) Database.query("SELECT secret_ciphertext FROM webhooks WHERE id = ?",
                UUID.fromString(id)).get(0).get("secret_ciphertext");
        assertThat(stored).startsWith(cipher.currentPrefix());
        assertThat(cipherWith(NEW_KEY).decrypt(stored, id)).contains(secret);
        assertThat(reencryption.run().await().atMost(Duration.ofSeconds(30)).reencrypted()).isZero();
    }

    @Test
    void storedIdempotentAnswersMoveToTheNewKeyToo() {
        Tenant tenant = Tenant.create();
        String url = "https://rotation.example.com/" + UUID.randomUUID();
        Map<String, Object> body = Map.of("url", url, "events", List.of("credits.low"));
        String secret = tenant.api().header("Idempotency-Key", "rotate-me").body(body).post("/api/webhooks").then()
                .statusCode(201).extract().path("secret");
        // Written before the rotation: the same answer under the previous key.
        String aad = IdempotentCreates.aad(UUID.fromString(tenant.workspaceId()), "rotate-me");
        Map<String, Object> row = Database.query("SELECT response_ciphertext FROM idempotency_keys WHERE workspace_id = ?"
                + " AND key = 'rotate-me'", UUID.fromString(tenant.workspaceId())).get(0);
        String answer = cipher.decrypt((String) row.get("response_ciphertext"), aad).orElseThrow();
        Database.update("UPDATE idempotency_keys SET response_ciphertext = ? WHERE workspace_id = ? AND key = 'rotate-me'",
                cipherWith(OLD_KEY).encrypt(answer, aad), UUID.fromString(tenant.workspaceId()));

        reencryption.run().await().atMost(Duration.ofSeconds(30));

        String stored = (String) Database.query("SELECT response_ciphertext FROM idempotency_keys WHERE workspace_id = ?"
                + " AND key = 'rotate-me'", UUID.fromString(tenant.workspaceId())).get(0).get("response_ciphertext");
        assertThat(stored).startsWith(cipher.currentPrefix());
        assertThat(cipherWith(NEW_KEY).decrypt(stored, aad)).contains(answer);
        tenant.api().header("Idempotency-Key", "rotate-me").body(body).post("/api/webhooks").then().statusCode(201)
                .body("secret", equalTo(secret));
    }

    @Test
    void endpointCredentialsMoveToTheNewKeyToo() {
        Tenant tenant = Tenant.create();
        String id = tenant.api().body(Map.of("url", "https://rotation.example.com/" + UUID.randomUUID(),
                "events", List.of("credits.low"), "auth", Map.of("type", "bearer", "token", "rotating-bearer-token")))
                .post("/api/webhooks").then().statusCode(201).extract().path("id");
        String aad = id + ":auth";
        Database.update("UPDATE webhooks SET auth_secret_ciphertext = ? WHERE id = ?",
                cipherWith(OLD_KEY).encrypt("rotating-bearer-token", aad), UUID.fromString(id));

        reencryption.run().await().atMost(Duration.ofSeconds(30));

        String stored = (String) Database.query("SELECT auth_secret_ciphertext FROM webhooks WHERE id = ?",
                UUID.fromString(id)).get(0).get("auth_secret_ciphertext");
        assertThat(stored).startsWith(cipher.currentPrefix());
        assertThat(cipherWith(NEW_KEY).decrypt(stored, aad)).contains("rotating-bearer-token");
        // Bound to its webhook and column: not readable as the signing secret.
        assertThat(cipherWith(NEW_KEY).decrypt(stored, id)).isEmpty();
    }

    @Test
    void aSecretNoKeyCanReadIsNeverSentUnsigned() {
        Tenant tenant = Tenant.create();
        String id = webhook(tenant);
        String unknownKey = Base64.getEncoder().encodeToString("some-other-key-nobody-has-32byte".getBytes());
        Database.update("UPDATE webhooks SET secret_ciphertext = ? WHERE id = ?",
                cipherWith(unknownKey).encrypt("whsec_" + "d".repeat(64), id), UUID.fromString(id));
        tenant.api().body(Map.of("id", id)).post("/api/webhooks/test").then().statusCode(200)
                .body("status", equalTo("failed")).body("error", equalTo("secret unavailable"))
                .body("signature", equalTo(null));
        assertThat(reencryption.run().await().atMost(Duration.ofSeconds(30)).unreadable()).isGreaterThanOrEqualTo(1);
    }
}
