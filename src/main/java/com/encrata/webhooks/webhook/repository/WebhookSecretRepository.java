package com.encrata.webhooks.webhook.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.webhook.WebhookSecret;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Queries on retired webhook secrets. */
@ApplicationScoped
public class WebhookSecretRepository implements PanacheRepositoryBase<WebhookSecret, UUID> {

    /** The unexpired retired secrets of a webhook, newest first. */
    public Uni<List<WebhookSecret>> unexpired(UUID webhookId, Instant now) {
        return list("webhookId = ?1 and expiresAt > ?2", Sort.descending("retiredAt").and("id", Sort.Direction.Descending),
                webhookId, now);
    }

    /** Drops expired secrets of a webhook and all but its {@code keep} newest retired ones. */
    public Uni<Void> prune(UUID webhookId, Instant now, int keep) {
        return delete("webhookId = ?1 and expiresAt <= ?2", webhookId, now)
                .chain(() -> unexpired(webhookId, now))
                .chain(live -> live.size() <= keep
                        ? Uni.createFrom().voidItem()
                        : delete("id in ?1", live.subList(keep, live.size()).stream().map(s -> s.id).toList())
                                .replaceWithVoid());
    }
}
