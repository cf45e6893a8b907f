package com.encrata.webhooks.delivery.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.encrata.webhooks.auth.Caller;
import com.encrata.webhooks.delivery.Delivery;
import com.encrata.webhooks.delivery.DeliveryError;
import com.encrata.webhooks.delivery.engine.Answer;
import com.encrata.webhooks.delivery.engine.DeliveryAttempt;
import com.encrata.webhooks.delivery.engine.DeliveryHeaders;
import com.encrata.webhooks.delivery.engine.DeliveryTracing;
import com.encrata.webhooks.delivery.engine.Endpoint;
import com.encrata.webhooks.delivery.engine.EndpointSender;
import com.encrata.webhooks.delivery.engine.SigningSecrets;
import com.encrata.webhooks.delivery.repository.DeliveryRepository;
import com.encrata.webhooks.event.EventEnvelope;
import com.encrata.webhooks.platform.error.NotFound;
import com.encrata.webhooks.platform.time.Timestamps;
import com.encrata.webhooks.webhook.Webhook;
import com.encrata.webhooks.webhook.repository.WebhookRepository;
import com.encrata.webhooks.webhook.repository.WebhookSecretRepository;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.trace.Span;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The test endpoint: one synchronous attempt with the same guard, TLS, deadline, headers, credentials
 * and proxy as a delivery, allowed on a paused webhook, never rescheduled and without effect on the
 * webhook. It is recorded as a {@code test} delivery. No database connection is held while sending.
 */
@ApplicationScoped
public class WebhookTester {

    static final String TEST_DATA = "{\"message\":\"This is a test webhook from Encrata\"}";

    private final WebhookRepository webhooks;
    private final WebhookSecretRepository retiredSecrets;
    private final DeliveryRepository deliveries;
    private final SigningSecrets secrets;
    private final EndpointSender sender;
    private final ObjectMapper mapper;
    private final DeliveryTracing tracing;
    private final String userAgent;

    public WebhookTester(WebhookRepository webhooks, WebhookSecretRepository retiredSecrets,
            DeliveryRepository deliveries, SigningSecrets secrets, EndpointSender sender, ObjectMapper mapper,
            DeliveryTracing tracing,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "1") String version) {
        this.webhooks = webhooks;
        this.retiredSecrets = retiredSecrets;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.sender = sender;
        this.mapper = mapper;
        this.tracing = tracing;
        this.userAgent = DeliveryAttempt.userAgent(version);
    }

    /** What the test endpoint answers. */
    public record Result(Delivery delivery, String url, String signature, Answer answer) {
    }

    private record Prepared(Webhook webhook, Optional<SigningSecrets.Keys> keys) {
    }

    public Uni<Result> test(Caller caller, UUID webhookId) {
        return prepare(caller, webhookId).chain(prepared -> {
            Instant now = Timestamps.now();
            UUID deliveryId = UUID.randomUUID();
            String payload = EventEnvelope.serialise(mapper, Delivery.TEST_EVENT, TEST_DATA, now);
            byte[] body = payload.getBytes(StandardCharsets.UTF_8);
            if (prepared.keys().isEmpty()) {
                Answer answer = Answer.failed(DeliveryError.SECRET_UNAVAILABLE);
                return save(prepared.webhook(), deliveryId, payload, now, answer)
                        .map(d -> new Result(d, prepared.webhook().url, null, answer));
            }
            Map<String, String> headers = DeliveryHeaders.build(userAgent, deliveryId, Delivery.TEST_EVENT, body,
                    prepared.keys().get(), now.getEpochSecond());
            Webhook webhook = prepared.webhook();
            Endpoint endpoint = Endpoint.of(webhook.id, webhook.url, webhook.headers, webhook.auth,
                    webhook.authSecretCiphertext);
            String signature = headers.get(DeliveryHeaders.SIGNATURE);
            Span span = tracing.testStarted(webhook.id, deliveryId, Delivery.TEST_EVENT, webhook.url);
            tracing.propagate(span, headers);
            return sender.send(endpoint, headers, body)
                    .invoke(answer -> tracing.ended(span, answer))
                    .chain(answer -> save(prepared.webhook(), deliveryId, payload, now, answer)
                            .map(d -> new Result(d, webhook.url, signature, answer)));
        });
    }

    @WithSession
    Uni<Prepared> prepare(Caller caller, UUID webhookId) {
        return webhooks.findInWorkspace(webhookId, caller.workspaceId())
                .onItem().ifNull().failWith(() -> new NotFound("Webhook"))
                .chain(webhook -> retiredSecrets.unexpired(webhook.id, Instant.now()).map(retired -> new Prepared(webhook,
                        secrets.of(webhook.id, webhook.secretCiphertext,
                                retired.stream().map(secret -> secret.secretCiphertext).toList()))));
    }

    @WithTransaction
    Uni<Delivery> save(Webhook webhook, UUID id, String payload, Instant startedAt, Answer answer) {
        Delivery delivery = new Delivery();
        delivery.id = id;
        delivery.webhookId = webhook.id;
        delivery.eventType = Delivery.TEST_EVENT;
        delivery.payload = payload;
        delivery.status = answer.success() ? Delivery.SUCCESS : Delivery.FAILED;
        delivery.attempts = 1;
        delivery.responseStatus = answer.status();
        delivery.responseBody = answer.body();
        delivery.error = answer.error();
        delivery.lastAttemptAt = startedAt;
        delivery.createdAt = startedAt;
        return deliveries.persist(delivery);
    }
}
