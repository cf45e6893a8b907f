package com.encrata.webhooks.webhook.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.apikey.Caller;
import com.encrata.webhooks.common.ApiException;
import com.encrata.webhooks.common.DatabaseErrors;
import com.encrata.webhooks.common.Timestamps;
import com.encrata.webhooks.common.crypto.RandomTokens;
import com.encrata.webhooks.common.crypto.SecretCipher;
import com.encrata.webhooks.delivery.DeliveryRepository;
import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.webhook.Webhook;
import com.encrata.webhooks.common.QuotaConfig;
import com.encrata.webhooks.webhook.WebhookRepository;
import com.encrata.webhooks.webhook.WebhookSecret;
import com.encrata.webhooks.webhook.WebhookSecretRepository;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Rules and transactions of the webhook API. */
@ApplicationScoped
public class WebhookService {

    public static final String DUPLICATE_URL = "A webhook with this URL already exists";
    public static final String LIMIT_REACHED = "Webhook limit reached";
    /** How long a retired secret keeps signing, and how many retired secrets are kept. */
    static final Duration RETIRED_SECRET_LIFETIME = Duration.ofHours(24);
    static final int MAX_RETIRED_SECRETS = 5;

    private final WebhookRepository webhooks;
    private final WebhookSecretRepository retiredSecrets;
    private final SecretCipher cipher;
    private final RandomTokens random;
    private final DeliveryRepository deliveries;
    private final QuotaConfig quota;

    public WebhookService(WebhookRepository webhooks, WebhookSecretRepository retiredSecrets, SecretCipher cipher,
            RandomTokens random, DeliveryRepository deliveries, QuotaConfig quota) {
        this.deliveries = deliveries;
        this.quota = quota;
        this.webhooks = webhooks;
        this.retiredSecrets = retiredSecrets;
        this.cipher = cipher;
        this.random = random;
    }

    /** One statement (see {@link WebhookRepository#insertWithinQuota}): no transaction to open. */
    public Uni<CreatedWebhook> create(Caller caller, NewWebhook request) {
        Instant now = Timestamps.now();
        String secret = WebhookSecrets.generate(random);
        Webhook webhook = new Webhook();
        webhook.id = UUID.randomUUID();
        webhook.workspaceId = caller.workspaceId();
        webhook.url = request.url();
        webhook.urlKey = request.urlKey();
        webhook.events = names(request.events());
        webhook.active = request.active();
        webhook.description = request.description();
        webhook.secretCiphertext = cipher.encrypt(secret, webhook.id.toString());
        webhook.createdBy = caller.userId();
        webhook.createdAt = now;
        webhook.updatedAt = now;
        return webhooks.insertWithinQuota(webhook, quota.maxWebhooks())
                .onFailure(WebhookService::isDuplicateUrl).transform(e -> ApiException.conflict(DUPLICATE_URL))
                .map(inserted -> {
                    if (!inserted) {
                        throw new ApiException(400, LIMIT_REACHED);
                    }
                    return new CreatedWebhook(webhook, secret);
                });
    }

    @WithSession
    public Uni<List<Webhook>> list(Caller caller) {
        return webhooks.listNewestFirst(caller.workspaceId());
    }

    @WithSession
    public Uni<Webhook> get(Caller caller, UUID id) {
        return find(caller, id);
    }

    @WithTransaction
    public Uni<Webhook> update(Caller caller, UUID id, WebhookChanges changes) {
        return lock(caller, id).chain(webhook -> {
            webhook.url = changes.url();
            webhook.urlKey = changes.urlKey();
            if (changes.events() != null) {
                webhook.events = names(changes.events());
            }
            if (changes.description() != null) {
                webhook.description = changes.description().isEmpty() ? null : changes.description();
            }
            boolean pausing = webhook.active && Boolean.FALSE.equals(changes.active());
            if (changes.active() != null) {
                webhook.active = changes.active();
            }
            webhook.updatedAt = Timestamps.now();
            Uni<Integer> failPending = pausing ? deliveries.failPendingOf(webhook.id) : Uni.createFrom().item(0);
            return webhooks.flush().chain(() -> failPending).replaceWith(webhook);
        }).onFailure(WebhookService::isDuplicateUrl).transform(e -> ApiException.conflict(DUPLICATE_URL));
    }

    @WithTransaction
    public Uni<Void> delete(Caller caller, UUID id) {
        return webhooks.deleteInWorkspace(id, caller.workspaceId()).invoke(count -> {
            if (count == 0) {
                throw notFound();
            }
        }).replaceWithVoid();
    }

    /** Retires the current secret (it keeps signing for 24 h) and issues a new one. */
    @WithTransaction
    public Uni<RotatedSecret> rotateSecret(Caller caller, UUID id) {
        // Full precision, so that back-to-back rotations still order by retirement time.
        Instant now = Instant.now();
        return lock(caller, id).chain(webhook -> {
            WebhookSecret retired = new WebhookSecret();
            retired.id = UUID.randomUUID();
            retired.webhookId = webhook.id;
            retired.secretCiphertext = webhook.secretCiphertext;
            retired.retiredAt = now;
            retired.expiresAt = now.plus(RETIRED_SECRET_LIFETIME);
            String secret = WebhookSecrets.generate(random);
            webhook.secretCiphertext = cipher.encrypt(secret, webhook.id.toString());
            webhook.updatedAt = Timestamps.now();
            return retiredSecrets.persist(retired)
                    .chain(() -> retiredSecrets.flush())
                    .chain(() -> retiredSecrets.prune(webhook.id, now, MAX_RETIRED_SECRETS))
                    .replaceWith(new RotatedSecret(webhook.id, secret));
        });
    }

    private Uni<Webhook> find(Caller caller, UUID id) {
        return webhooks.findInWorkspace(id, caller.workspaceId()).onItem().ifNull().failWith(WebhookService::notFound);
    }

    private Uni<Webhook> lock(Caller caller, UUID id) {
        return webhooks.lockInWorkspace(id, caller.workspaceId()).onItem().ifNull().failWith(WebhookService::notFound);
    }

    private static ApiException notFound() {
        return ApiException.notFound("Webhook");
    }

    private static String[] names(List<EventType> events) {
        return events.stream().map(EventType::wireName).toArray(String[]::new);
    }

    private static boolean isDuplicateUrl(Throwable failure) {
        return DatabaseErrors.isUniqueViolation(failure, WebhookRepository.URL_UNIQUE);
    }
}
