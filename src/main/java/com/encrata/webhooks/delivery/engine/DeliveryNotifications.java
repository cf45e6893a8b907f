package com.encrata.webhooks.delivery.engine;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * Wakes the dispatcher as soon as new work is committed, through PostgreSQL LISTEN/NOTIFY on one
 * dedicated connection (reconnected if it drops). Intake sends the NOTIFY in its own transaction.
 */
@ApplicationScoped
public class DeliveryNotifications {

    public static final String CHANNEL = "encrata_deliveries";
    private static final Logger LOG = Logger.getLogger(DeliveryNotifications.class);

    private final Vertx vertx;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private PgSubscriber subscriber;

    public DeliveryNotifications(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    public synchronized void listen(Runnable onNotification) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL).handler(payload -> onNotification.run());
        subscriber.connect().onFailure(e -> LOG.warnf("Cannot LISTEN for new deliveries yet (%s); polling meanwhile",
                e.getClass().getSimpleName()));
    }

    public synchronized void close() {
        if (subscriber != null) {
            subscriber.close();
            subscriber = null;
        }
    }
}
