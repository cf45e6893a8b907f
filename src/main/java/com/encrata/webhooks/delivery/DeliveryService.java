package com.encrata.webhooks.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.apikey.Caller;
import com.encrata.webhooks.common.ApiException;
import com.encrata.webhooks.webhook.Webhook;
import com.encrata.webhooks.webhook.WebhookRepository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** The delivery log and the manual attempts (redeliver, recover) of the API. */
@ApplicationScoped
public class DeliveryService {

    public static final String WEBHOOK_PAUSED = "The webhook is paused";
    public static final String ALREADY_PENDING = "The delivery is already pending";

    private static final String RECOVER = """
            WITH picked AS (
                SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS n FROM deliveries
                WHERE webhook_id = :webhook AND status = 'failed' AND event_type <> 'test' AND created_at >= :since
            )
            UPDATE deliveries d SET status = 'pending', manual = true, lease_until = NULL, lease_token = NULL,
                next_attempt_at = date_trunc('milliseconds', now() + make_interval(secs => picked.n * :spacing))
            FROM picked WHERE d.id = picked.id""";

    private final DeliveryRepository deliveries;
    private final WebhookRepository webhooks;
    private final DeliveryConfig config;

    public DeliveryService(DeliveryRepository deliveries, WebhookRepository webhooks, DeliveryConfig config) {
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.config = config;
    }

    @WithSession
    public Uni<List<Delivery>> list(Caller caller, UUID webhookId, String status, int limit) {
        return webhook(caller, webhookId).chain(w -> deliveries.listForWebhook(w.id, status, limit));
    }

    /** One manual attempt now; 409 when the webhook is paused or the delivery is pending or in flight. */
    @WithTransaction
    public Uni<Delivery> redeliver(Caller caller, UUID deliveryId) {
        return deliveries.findInWorkspace(deliveryId, caller.workspaceId())
                .onItem().ifNull().failWith(() -> ApiException.notFound("Delivery"))
                .chain(delivery -> webhooks.findById(delivery.webhookId).chain(webhook -> {
                    if (!webhook.active) {
                        throw ApiException.conflict(WEBHOOK_PAUSED);
                    }
                    if (Delivery.PENDING.equals(delivery.status)) {
                        throw ApiException.conflict(ALREADY_PENDING);
                    }
                    return deliveries.requeueManual(delivery.id);
                }).chain(updated -> {
                    if (updated == 0) {
                        throw ApiException.conflict(ALREADY_PENDING);
                    }
                    return notifyDispatchers().replaceWith(delivery);
                }));
    }

    /** Requeues every failed non-test delivery since {@code since}, spread out; 409 on a paused webhook. */
    @WithTransaction
    public Uni<Integer> recover(Caller caller, UUID webhookId, Instant since) {
        return webhook(caller, webhookId).chain(webhook -> {
            if (!webhook.active) {
                throw ApiException.conflict(WEBHOOK_PAUSED);
            }
            return Panache.getSession().chain(session -> session.createNativeQuery(RECOVER)
                    .setParameter("webhook", webhook.id)
                    .setParameter("since", since)
                    .setParameter("spacing", config.recoverSpacing().toMillis() / 1000.0)
                    .executeUpdate());
        }).chain(count -> count == 0 ? Uni.createFrom().item(0) : notifyDispatchers().replaceWith(count));
    }

    private Uni<Webhook> webhook(Caller caller, UUID webhookId) {
        return webhooks.findInWorkspace(webhookId, caller.workspaceId())
                .onItem().ifNull().failWith(() -> ApiException.notFound("Webhook"));
    }

    private static Uni<Integer> notifyDispatchers() {
        return Panache.getSession().chain(session ->
                session.createNativeQuery("NOTIFY " + DeliveryNotifications.CHANNEL).executeUpdate());
    }
}
