package com.encrata.webhooks.webhook.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.apikey.Caller;
import com.encrata.webhooks.common.ApiException;
import com.encrata.webhooks.common.DatabaseErrors;
import com.encrata.webhooks.common.Timestamps;
import com.encrata.webhooks.common.crypto.RandomTokens;
import com.encrata.webhooks.common.crypto.SecretCipher;
import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.webhook.Webhook;
import com.encrata.webhooks.webhook.WebhookRepository;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Rules and transactions of the webhook API. */
@ApplicationScoped
public class WebhookService {

    public static final String DUPLICATE_URL = "A webhook with this URL already exists";

    private final WebhookRepository webhooks;
    private final SecretCipher cipher;
    private final RandomTokens random;

    public WebhookService(WebhookRepository webhooks, SecretCipher cipher, RandomTokens random) {
        this.webhooks = webhooks;
        this.cipher = cipher;
        this.random = random;
    }

    @WithTransaction
    public Uni<CreatedWebhook> create(Caller caller, NewWebhook request) {
        Instant now = Timestamps.now();
        String secret = WebhookSecrets.generate(random);
        Webhook webhook = new Webhook();
        webhook.id = UUID.randomUUID();
        webhook.workspaceId = caller.workspaceId();
        webhook.url = request.url();
        webhook.urlKey = request.urlKey();
        webhook.events = request.events().stream().map(EventType::wireName).toArray(String[]::new);
        webhook.active = request.active();
        webhook.description = request.description();
        webhook.secretCiphertext = cipher.encrypt(secret, webhook.id.toString());
        webhook.createdBy = caller.userId();
        webhook.createdAt = now;
        webhook.updatedAt = now;
        return webhooks.persistAndFlush(webhook)
                .onFailure(e -> DatabaseErrors.isUniqueViolation(e, WebhookRepository.URL_UNIQUE))
                .transform(e -> ApiException.conflict(DUPLICATE_URL))
                .map(saved -> new CreatedWebhook(saved, secret));
    }
}
