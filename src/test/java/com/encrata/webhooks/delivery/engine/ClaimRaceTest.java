package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Database;
import com.encrata.webhooks.support.Tenant;
import com.encrata.webhooks.support.Webhooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;

/** Many claimers at once on one database (as several instances would) never share a delivery. */
@QuarkusTest
@TestProfile(ClaimRaceTest.NoDispatcher.class)
class ClaimRaceTest {

    public static class NoDispatcher implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("encrata.delivery.dispatcher-enabled", "false");
        }
    }

    @Inject
    DeliveryQueue queue;

    @Test
    void concurrentClaimsAreDisjointAndCoverEverything() {
        Tenant tenant = Tenant.create();
        String webhookId = Webhooks.id(tenant, "https://race.example.com/" + UUID.randomUUID(), "credits.low");
        Database.update("INSERT INTO delivery_queue (id, webhook_id, event_type, payload, created_at, due_at)"
                + " SELECT gen_random_uuid(), ?, 'credits.low', '{}', now(), now() FROM generate_series(1, 600)",
                UUID.fromString(webhookId));

        // The database is shared with the other test classes: count only this webhook's deliveries.
        UUID ours = UUID.fromString(webhookId);
        List<UUID> claimed = new ArrayList<>();
        for (int round = 0; round < 40 && claimed.size() < 600; round++) {
            List<Uni<List<Claimed>>> claimers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                claimers.add(queue.claim(25, Duration.ofMinutes(5)));
            }
            List<List<Claimed>> results = Uni.join().all(claimers).andFailFast().await().atMost(Duration.ofSeconds(30));
            results.forEach(batch -> batch.stream().filter(c -> c.webhookId().equals(ours)).forEach(c -> claimed.add(c.id())));
        }
        Set<UUID> distinct = new HashSet<>(claimed);
        assertThat(claimed).hasSize(600);
        assertThat(distinct).hasSize(600);
        assertThat(queue.claim(100, Duration.ofMinutes(5)).await().atMost(Duration.ofSeconds(10)))
                .noneMatch(c -> c.webhookId().equals(ours));
    }
}
