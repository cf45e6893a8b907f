package com.encrata.webhooks.delivery.engine;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.encrata.webhooks.delivery.DeliveryConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What delivery outcomes do to their webhook besides what {@link OutcomeWriter}'s statement records: a
 * success is remembered (to within a minute), and a webhook that statement deactivated (a 410, or
 * failing without any success for the configured time) has its pending deliveries that are not in
 * flight failed.
 */
@ApplicationScoped
public class WebhookHealth {

    private static final Logger LOG = Logger.getLogger(WebhookHealth.class);

    private static final String SUCCEEDED = """
            UPDATE webhooks SET last_success_at = now()
            WHERE id = $1 AND (last_success_at IS NULL OR last_success_at < now() - interval '1 minute')""";

    private static final long SUCCESS_PRECISION_MILLIS = 60_000;

    private final Map<UUID, Long> successWritten = new ConcurrentHashMap<>();
    private final Pool pool;
    private final DeliveryQueue queue;
    private final DeliveryMetrics metrics;
    private final Duration disableAfter;

    public WebhookHealth(@EnginePool.Engine Pool pool, DeliveryQueue queue, DeliveryMetrics metrics, DeliveryConfig config) {
        this.pool = pool;
        this.queue = queue;
        this.metrics = metrics;
        this.disableAfter = config.disableAfter();
    }

    public Uni<Void> succeeded(UUID webhookId) {
        // The column is kept to within a minute: skip the statement when this instance wrote it lately.
        long now = System.currentTimeMillis();
        Long written = successWritten.get(webhookId);
        if (written != null && now - written < SUCCESS_PRECISION_MILLIS) {
            return Uni.createFrom().voidItem();
        }
        successWritten.put(webhookId, now);
        return pool.preparedQuery(SUCCEEDED).execute(Tuple.of(webhookId)).replaceWithVoid();
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
