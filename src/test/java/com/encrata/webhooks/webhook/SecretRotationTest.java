package com.encrata.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
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

@QuarkusTest
class SecretRotationTest {

    @Inject
    SecretCipher cipher;

    @Test
    void rotationReturnsNewSecretAndKeepsTheOldOneFor24Hours() {
        Tenant tenant = Tenant.create();
        var created = Webhooks.create(tenant);
        String id = created.path("id");
        String oldSecret = created.path("secret");
        String newSecret = tenant.api().body(Map.of("id", id)).post("/api/webhooks/rotate-secret").then()
                .statusCode(200).body("id", equalTo(id)).body("secret", matchesPattern("whsec_[0-9a-f]{64}"))
                .extract().path("secret");
        assertThat(newSecret).isNotEqualTo(oldSecret);

        var current = Database.query("SELECT secret_ciphertext FROM webhooks WHERE id = ?", UUID.fromString(id));
        assertThat(cipher.decrypt((String) current.get(0).get("secret_ciphertext"), id)).contains(newSecret);
        var retired = Database.query("SELECT secret_ciphertext, retired_at, expires_at FROM webhook_secrets"
                + " WHERE webhook_id = ?", UUID.fromString(id));
        assertThat(retired).hasSize(1);
        assertThat(cipher.decrypt((String) retired.get(0).get("secret_ciphertext"), id)).contains(oldSecret);
        Instant retiredAt = ((Timestamp) retired.get(0).get("retired_at")).toInstant();
        Instant expiresAt = ((Timestamp) retired.get(0).get("expires_at")).toInstant();
        assertThat(Duration.between(retiredAt, expiresAt)).isEqualTo(Duration.ofHours(24));
        assertThat(retiredAt).isCloseTo(java.time.Instant.now(), within(1, java.time.temporal.ChronoUnit.MINUTES));
    }

    @Test
    void rotationBumpsUpdatedAt() {
        Tenant tenant = Tenant.create();
        var created = Webhooks.create(tenant);
        String id = created.path("id");
        tenant.api().body(Map.of("id", id)).post("/api/webhooks/rotate-secret").then().statusCode(200);
        String updated = tenant.api().queryParam("id", id).get("/api/webhooks").then().extract().path("updated_at");
        assertThat(updated).isNotEqualTo(created.path("updated_at"));
    }

    @Test
    void keepsAtMostFiveRetiredSecretsDroppingTheOldest() {
        Tenant tenant = Tenant.create();
        var created = Webhooks.create(tenant);
        String id = created.path("id");
        String first = created.path("secret");
        String secondToLast = null;
        for (int i = 0; i < 6; i++) {
            String s = tenant.api().body(Map.of("id", id)).post("/api/webhooks/rotate-secret").then().statusCode(200)
                    .extract().path("secret");
            if (i == 0) {
                secondToLast = s;
            }
        }
        List<String> kept = Database.query("SELECT secret_ciphertext FROM webhook_secrets WHERE webhook_id = ?"
                + " ORDER BY retired_at DESC", UUID.fromString(id)).stream()
                .map(row -> cipher.decrypt((String) row.get("secret_ciphertext"), id).orElseThrow()).toList();
        assertThat(kept).hasSize(5).doesNotContain(first).contains(secondToLast);
    }

    @Test
    void rotationValidatesTheId() {
        Tenant tenant = Tenant.create();
        tenant.api().body(Map.of()).post("/api/webhooks/rotate-secret").then().statusCode(400)
                .body("details[0].field", equalTo("id"));
        tenant.api().body(Map.of("id", "1-2-3-4-5")).post("/api/webhooks/rotate-secret").then().statusCode(400);
        tenant.api().body(Map.of("id", UUID.randomUUID().toString())).post("/api/webhooks/rotate-secret")
                .then().statusCode(404);
    }
}
