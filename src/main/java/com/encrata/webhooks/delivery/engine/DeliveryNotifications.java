package com.encrata.webhooks.delivery.engine;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.platform.db.DatabaseNotifications;

import io.vertx.pgclient.pubsub.PgChannel;

/**
 * Wakes the dispatcher as soon as new work is committed, through PostgreSQL LISTEN/NOTIFY on the
 * instance's LISTEN connection. Intake sends the NOTIFY in its own transaction.
 */
@ApplicationScoped
public class DeliveryNotifications {

    public static final String CHANNEL = "encrata_deliveries";

    private final DatabaseNotifications notifications;
    private PgChannel channel;

    public DeliveryNotifications(DatabaseNotifications notifications) {
        this.notifications = notifications;
    }

    public synchronized void listen(Runnable onNotification) {
        channel = notifications.channel(CHANNEL);
        channel.handler(payload -> onNotification.run());
    }

    public synchronized void close() {
        if (channel != null) {
            channel.handler(null);
            channel = null;
        }
    }
}
