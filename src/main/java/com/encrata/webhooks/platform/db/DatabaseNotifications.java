package com.encrata.webhooks.platform.db;

import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgChannel;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * The instance's one LISTEN connection to PostgreSQL, shared by every channel it listens on. It is
 * opened by the first channel asked for and, if it drops, opened again every second; each channel's
 * subscribe handler runs again once its LISTEN is back.
 */
@ApplicationScoped
public class DatabaseNotifications {

    private static final Logger LOG = Logger.getLogger(DatabaseNotifications.class);

    private final Vertx vertx;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    // Written under the lock, read without it on the request path (KeyCache asks for the connection).
    private volatile PgSubscriber subscriber;

    public DatabaseNotifications(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    /** A channel on the LISTEN connection: its {@code handler} sends the LISTEN (again after a reconnection). */
    public synchronized PgChannel channel(String name) {
        if (subscriber == null) {
            PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
            username.ifPresent(options::setUser);
            password.ifPresent(options::setPassword);
            subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
            subscriber.connect().onFailure(e -> LOG.warnf(
                    "Cannot open the LISTEN connection (%s): new deliveries are found by polling, API keys looked up on every request",
                    e.getClass().getSimpleName()));
        }
        return subscriber.channel(name);
    }

    /** The connection the channels listen on now; null while it is down or being opened again. */
    public PgConnection connection() {
        PgSubscriber current = subscriber;
        return current == null ? null : current.actualConnection();
    }

    @PreDestroy
    synchronized void close() {
        if (subscriber != null) {
            subscriber.close();
            subscriber = null;
        }
    }
}
