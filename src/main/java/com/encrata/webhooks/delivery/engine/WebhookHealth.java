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
 * What delivery outcomes do to their webhook: a success is remembered (to within a minute); a 410,
 * or failing without any success for the configured time, deactivates it, which fails its pending
 * deliveries that are not in flight.
 */
@ApplicationScoped
public class WebhookHealth {

    private static final Logger LOG = Logger.getLogger(WebhookHealth.class);

    private static final String SUCCEEDED = """
            UPDATE webhooks SET last_success_at = now()
            WHERE id = $1 AND (last_success_at IS NULL OR last_success_at < now() - interval '1 minute')""";

    private static final String DEACTIVATE = """
            UPDATE webhooks SET is_active = false, updated_at = date_trunc('milliseconds', now()),
                deactivated_at = date_trunc('milliseconds', now()), deactivation_reason = CASE WHEN $2 THEN 'gone' ELSE 'failing' END
            WHERE id = $1 AND is_active
              AND ($2 OR coalesce(last_success_at, created_at) <= now() - make_interval(secs => $3))
            RETURNING id""";

    private static final long SUCCESS_PRECISION_MILLIS = 60_000;

    private final Map<UUID, Long> successWritten = new ConcurrentHashMap<>();
    private final Pool pool;
    private final DeliveryQueue queue;
    private final DeliveryMetrics metrics;
    private final double disableAfterSeconds;

    public WebhookHealth(Pool pool, DeliveryQueue queue, DeliveryMetrics metrics, DeliveryConfig config) {
        this.pool = pool;
        this.queue = queue;
        this.metrics = metrics;
        this.disableAfterSeconds = config.disableAfter().toMillis() / 1000.0;
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

    /** After a failed attempt: deactivates on a 410, or when nothing succeeded for too long. */
    public Uni<Void> failed(UUID webhookId, boolean gone) {
        return pool.preparedQuery(DEACTIVATE).execute(Tuple.of(webhookId, gone, disableAfterSeconds)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().voidItem();
            }
            String reason = gone ? "gone" : "failing";
            LOG.infof("Webhook %s deactivated: %s", webhookId, gone ? "the receiver answered 410 Gone"
                    : "no successful delivery for " + Duration.ofMillis((long) (disableAfterSeconds * 1000)));
            metrics.deactivated(reason);
            return queue.failPendingOf(webhookId).replaceWithVoid();
        });
    }
}
