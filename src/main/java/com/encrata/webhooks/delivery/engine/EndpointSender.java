package com.encrata.webhooks.delivery.engine;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.encrata.webhooks.delivery.DeliveryError;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClient;

/**
 * Sends an attempt to a webhook's endpoint as SPEC §10 asks: its own headers added, and its
 * credentials presented (a basic or bearer header, an OAuth2 access token, or a TLS client
 * certificate). Credentials that cannot be decrypted fail the attempt with {@code secret unavailable},
 * credentials that cannot be obtained or used with {@code auth}: it is never sent without them. A
 * webhook without headers or credentials costs two comparisons more than a bare send.
 */
@ApplicationScoped
public class EndpointSender {

    private static final Logger LOG = Logger.getLogger(EndpointSender.class);
    static final String AUTHORIZATION = "Authorization";

    private final DeliverySender sender;
    private final DeliveryClients clients;
    private final WebhookHeaders webhookHeaders;
    private final EndpointCredentials credentials;
    private final OAuth2Tokens tokens;

    public EndpointSender(DeliverySender sender, DeliveryClients clients, WebhookHeaders webhookHeaders,
            EndpointCredentials credentials, OAuth2Tokens tokens) {
        this.sender = sender;
        this.clients = clients;
        this.webhookHeaders = webhookHeaders;
        this.credentials = credentials;
        this.tokens = tokens;
    }

    /** {@link #send(Endpoint, Map, byte[], Consumer)} as a Uni. */
    public Uni<Answer> send(Endpoint endpoint, Map<String, String> headers, byte[] body) {
        return Uni.createFrom().emitter(emitter -> send(endpoint, headers, body, emitter::complete));
    }

    /**
     * Adds the endpoint's headers and credentials to {@code headers} (mutable) and sends; {@code answered}
     * gets exactly one answer, which never fails.
     */
    public void send(Endpoint endpoint, Map<String, String> headers, byte[] body, Consumer<Answer> answered) {
        webhookHeaders.addTo(headers, endpoint.headers());
        if (endpoint.auth() == null) {
            sender.send(endpoint.url(), headers, body, answered);
            return;
        }
        EndpointCredentials.Presented presented = credentials.of(endpoint.webhookId(), endpoint.auth(),
                endpoint.authSecretCiphertext());
        if (presented == null) {
            LOG.errorf("Webhook %s: its endpoint credentials cannot be decrypted; not sent", endpoint.webhookId());
            answered.accept(Answer.failed(DeliveryError.SECRET_UNAVAILABLE));
        } else if (presented instanceof EndpointCredentials.Header header) {
            headers.put(AUTHORIZATION, header.authorization());
            sender.send(endpoint.url(), headers, body, answered);
        } else if (presented instanceof EndpointCredentials.ClientCredentials grant) {
            withToken(endpoint, grant, headers, body, answered);
        } else if (presented instanceof EndpointCredentials.ClientCertificate certificate) {
            if (!certificate.identity().notAfter().isAfter(Instant.now())) {
                LOG.warnf("Webhook %s: its client certificate has expired; not sent", endpoint.webhookId());
                answered.accept(Answer.failed(DeliveryError.AUTH));
                return;
            }
            HttpClient client;
            try {
                client = clients.presenting(certificate.key(), certificate.identity());
            } catch (IllegalStateException unusable) {
                LOG.warnf("Webhook %s: its client certificate cannot be used; not sent", endpoint.webhookId());
                answered.accept(Answer.failed(DeliveryError.AUTH));
                return;
            }
            sender.send(client, endpoint.url(), headers, body, ResponseBodies.MAX_BYTES, answered);
        } else {
            answered.accept(Answer.failed(DeliveryError.AUTH));
        }
    }

    /** Sends with the grant's access token; a 401 discards the token so the next attempt fetches another. */
    private void withToken(Endpoint endpoint, EndpointCredentials.ClientCredentials grant, Map<String, String> headers,
            byte[] body, Consumer<Answer> answered) {
        tokens.token(endpoint.webhookId(), grant.grant(), token -> {
            if (token == null) {
                answered.accept(Answer.failed(DeliveryError.AUTH));
                return;
            }
            headers.put(AUTHORIZATION, "Bearer " + token.value());
            sender.send(endpoint.url(), headers, body, answer -> {
                if (answer.status() != null && answer.status() == 401) {
                    tokens.discard(endpoint.webhookId(), token);
                }
                answered.accept(answer);
            });
        });
    }
}
