package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RetentionPurgeTest {

    @Inject
    RetentionPurge purge;

    @Test
    void purgesEventsAndDeliveriesOlderThanTheRetentionOnly() {
        Tenant tenant = Tenant.create();
        String webhookId = Webhooks.id(tenant, "https://retention.example.com/" + UUID.randomUUID(), "credits.low");
        UUID ws = UUID.fromString(tenant.workspaceId());
        UUID oldEvent = UUID.randomUUID();
        Database.update("INSERT INTO events (id, workspace_id, event_type, body, created_at) VALUES"
                + " (?, ?, 'credits.low', '{}', now() - interval '31 days')", oldEvent, ws);
        Database.update("INSERT INTO deliveries (id, webhook_id, event_id, event_type, payload, status, created_at)"
                + " SELECT gen_random_uuid(), ?, ?, 'credits.low', '{}', 'failed', now() - interval '31 days'"
                + " FROM generate_series(1, 2500)", UUID.fromString(webhookId), oldEvent);
        Database.update("INSERT INTO deliveries (id, webhook_id, event_type, payload, status, created_at)"
                + " VALUES (gen_random_uuid(), ?, 'credits.low', '{}', 'failed', now() - interval '29 days')",
                UUID.fromString(webhookId));

        assertThat(purge.purge().await().atMost(Duration.ofSeconds(30))).isGreaterThanOrEqualTo(2501);
        assertThat(Database.query("SELECT id FROM deliveries WHERE webhook_id = ?", UUID.fromString(webhookId))).hasSize(1);
        assertThat(Database.query("SELECT id FROM events WHERE id = ?", oldEvent)).isEmpty();
    }
}
