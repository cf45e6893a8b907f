package com.encrata.webhooks.delivery.engine;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.encrata.webhooks.delivery.DeliveryConfig;

/**
 * What delivery outcomes do to their webhook besides what {@link OutcomeWriter}'s statement records: a
 * webhook that statement deactivated (a 410, or failing without any success for the configured time)
 * has its pending deliveries that are not in flight failed.
 */
@ApplicationScoped
public class WebhookHealth {

    private static final Logger LOG = Logger.getLogger(WebhookHealth.class);

    private final DeliveryQueue queue;
    private final DeliveryMetrics metrics;
    private final Duration disableAfter;

    public WebhookHealth(DeliveryQueue queue, DeliveryMetrics metrics, DeliveryConfig config) {
        this.queue = queue;
        this.metrics = metrics;
        this.disableAfter = config.disableAfter();
    }

    /**
     * After the outcome statement deactivated a webhook ({@code reason} gone: a 410 answer; failing: no
     * success for the configured time): its pending deliveries that are not in flight fail.
     */
    void deactivated(UUID webhookId, String reason) {
        LOG.infof("Webhook %s deactivated: %s", webhookId, "gone".equals(reason) ? "the receiver answered 410 Gone"
                : "no successful delivery for " + disableAfter);
        metrics.deactivated(reason);
        queue.failPendingOf(webhookId).subscribe().with(n -> { }, e -> LOG.warnf(
                "Webhook %s: could not fail its pending deliveries: %s", webhookId, e.getClass().getSimpleName()));
    }
}
