package com.encrata.webhooks.delivery.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.auth.Caller;
import com.encrata.webhooks.delivery.Delivery;
import com.encrata.webhooks.delivery.DeliveryConfig;
import com.encrata.webhooks.delivery.repository.DeliveryLog;
import com.encrata.webhooks.delivery.repository.LogQuery;
import com.encrata.webhooks.delivery.repository.DeliveryRepository;
import com.encrata.webhooks.delivery.repository.WebhookStatsQuery;
import com.encrata.webhooks.platform.error.NotFound;
import com.encrata.webhooks.webhook.Webhook;
import com.encrata.webhooks.webhook.repository.WebhookRepository;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** The delivery log and the manual attempts (redeliver, recover) of the API. */
@ApplicationScoped
public class DeliveryService {

    private final WebhookStatsQuery stats;
    private final DeliveryLog log;
    private final DeliveryRepository deliveries;
    private final WebhookRepository webhooks;
    private final DeliveryConfig config;

    public DeliveryService(WebhookStatsQuery stats, DeliveryLog log, DeliveryRepository deliveries,
            WebhookRepository webhooks, DeliveryConfig config) {
        this.stats = stats;
        this.log = log;
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.config = config;
    }

    @WithSession
    /**
     * A page of the webhook's log; after {@code startingAfter} when it is given, which must be one of the
     * webhook's deliveries (else 404).
     */
    public Uni<List<Delivery>> list(Caller caller, LogQuery query, UUID startingAfter) {
        return webhook(caller, query.webhookId()).chain(w -> startingAfter == null ? log.list(query)
                : log.createdAt(startingAfter, w.id).chain(createdAt -> {
                    if (createdAt == null) {
                        throw new NotFound("Delivery");
                    }
                    return log.list(query.after(createdAt, startingAfter));
                }));
    }

    /** The webhook's last 24 hours, hour by hour; 404 for a missing or foreign one. */
    @WithSession
    public Uni<List<WebhookStatsQuery.Hour>> hourly(Caller caller, UUID webhookId) {
        return webhook(caller, webhookId).chain(w -> stats.hourly(w.id));
    }

    /** The 24-hour stats of every webhook of the workspace, newest first. */
    public Uni<List<WebhookStatsQuery.Totals>> stats(Caller caller) {
        return stats.totals(caller.workspaceId(), null);
    }

    /** The 24-hour stats of one webhook; 404 for a missing or foreign one. */
    public Uni<WebhookStatsQuery.Totals> stats(Caller caller, UUID webhookId) {
        return stats.totals(caller.workspaceId(), webhookId).map(found -> {
            if (found.isEmpty()) {
                throw new NotFound("Webhook");
            }
            return found.get(0);
        });
    }

    /** One manual attempt now; 409 when the webhook is paused or the delivery is pending or in flight. */
    @WithTransaction
    public Uni<Delivery> redeliver(Caller caller, UUID deliveryId) {
        return log.find(deliveryId, caller.workspaceId())
                .onItem().ifNull().failWith(() -> new NotFound("Delivery"))
                .chain(delivery -> webhooks.findById(delivery.webhookId).chain(webhook -> {
                    if (!webhook.active) {
                        throw new WebhookPaused();
                    }
                    if (Delivery.PENDING.equals(delivery.status)) {
                        throw new DeliveryAlreadyPending();
                    }
                    return deliveries.requeueManual(delivery.id);
                }).chain(updated -> {
                    if (updated == 0) {
                        throw new DeliveryAlreadyPending();
                    }
                    return deliveries.notifyDispatchers().replaceWith(delivery);
                }));
    }

    /** Requeues every failed non-test delivery since {@code since}, spread out; 409 on a paused webhook. */
    @WithTransaction
    /** Requeues the failed deliveries created in {@code [since, until)} ({@code until} null: no end) of the types. */
    public Uni<Integer> recover(Caller caller, UUID webhookId, Instant since, Instant until, List<String> eventTypes) {
        return webhook(caller, webhookId).chain(webhook -> {
            if (!webhook.active) {
                throw new WebhookPaused();
            }
            return deliveries.requeueFailed(webhook.id, since, until, eventTypes,
                    config.recoverSpacing().toMillis() / 1000.0);
        }).chain(count -> count == 0 ? Uni.createFrom().item(0) : deliveries.notifyDispatchers().replaceWith(count));
    }

    private Uni<Webhook> webhook(Caller caller, UUID webhookId) {
        return webhooks.findInWorkspace(webhookId, caller.workspaceId())
                .onItem().ifNull().failWith(() -> new NotFound("Webhook"));
    }
}
