package com.encrata.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.platform.crypto.SecretCipher;
import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class SecretStorageTest {

    @Inject
    SecretCipher cipher;

    @Test
    void webhookSecretIsStoredOnlyEncryptedUnderTheWebhookId() {
        Tenant tenant = Tenant.create();
        Response created = Webhooks.create(tenant, "https://secret.example.com/" + UUID.randomUUID(), List.of("credits.low"));
        String id = created.path("id");
        String secret = created.path("secret");

        Map<String, Object> row = Database.query("SELECT * FROM webhooks WHERE id = ?", UUID.fromString(id)).get(0);
        assertThat(row.values().stream().map(String::valueOf)).noneMatch(v -> v.contains(secret.substring(6)));
        String stored = (String) row.get("secret_ciphertext");
        assertThat(stored).startsWith("v1:");
        assertThat(cipher.decrypt(stored, id)).contains(secret);
        assertThat(cipher.decrypt(stored, UUID.randomUUID().toString())).isEmpty();
    }

    @Test
    void apiKeyIsStoredOnlyAsItsHash() throws Exception {
        Tenant tenant = Tenant.create();
        Map<String, Object> row = Database.query("SELECT * FROM api_keys WHERE id = ?",
                UUID.fromString(tenant.keyId())).get(0);
        assertThat(row.values().stream().map(String::valueOf)).noneMatch(v -> v.contains(tenant.key().substring(9)));
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256")
                .digest(tenant.key().getBytes(StandardCharsets.US_ASCII));
        assertThat((byte[]) row.get("key_hash")).isEqualTo(expected);
        assertThat(row.get("key_last4")).isEqualTo(tenant.key().substring(tenant.key().length() - 4));
    }

    @Test
    void storedTimestampIsTheOneReturned() {
        Tenant tenant = Tenant.create();
        Response created = Webhooks.create(tenant, "https://ts.example.com/" + UUID.randomUUID(), List.of("credits.low"));
        Map<String, Object> row = Database.query("SELECT to_char(created_at AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US') AS ts FROM webhooks WHERE id = ?",
                UUID.fromString(created.path("id"))).get(0);
        java.time.Instant returned = java.time.Instant.parse(created.path("created_at"));
        assertThat(java.time.LocalDateTime.parse((String) row.get("ts")).toInstant(java.time.ZoneOffset.UTC))
                .isEqualTo(returned);
        assertThat(returned.getNano() % 1_000_000).isZero();
    }
}
