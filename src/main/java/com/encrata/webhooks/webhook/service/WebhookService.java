package com.encrata.webhooks.webhook.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.auth.Caller;
import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.platform.crypto.RandomTokens;
import com.encrata.webhooks.platform.crypto.SecretCipher;
import com.encrata.webhooks.platform.error.DatabaseErrors;
import com.encrata.webhooks.platform.error.NotFound;
import com.encrata.webhooks.platform.time.Timestamps;
import com.encrata.webhooks.webhook.Webhook;
import com.encrata.webhooks.webhook.WebhookQuota;
import com.encrata.webhooks.webhook.WebhookSecret;
import com.encrata.webhooks.webhook.repository.WebhookRepository;
import com.encrata.webhooks.webhook.repository.WebhookSecretRepository;
import com.encrata.webhooks.webhook.validation.WebhookUrlPolicy;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/** Rules and transactions of the webhook API. */
@ApplicationScoped
public class WebhookService {

    /** The deactivation reason of a webhook paused through the API. */
    static final String PAUSED = "paused";
    /** How long a retired secret keeps signing, and how many retired secrets are kept. */
    static final Duration RETIRED_SECRET_LIFETIME = Duration.ofHours(24);
    static final int MAX_RETIRED_SECRETS = 5;

    private final WebhookRepository webhooks;
    private final WebhookSecretRepository retiredSecrets;
    private final SecretCipher cipher;
    private final RandomTokens random;
    private final WebhookDeliveries deliveries;
    private final WebhookQuota quota;
    private final EndpointOptions options;

    public WebhookService(WebhookRepository webhooks, WebhookSecretRepository retiredSecrets, SecretCipher cipher,
            RandomTokens random, WebhookDeliveries deliveries, WebhookQuota quota, EndpointOptions options) {
        this.options = options;
        this.deliveries = deliveries;
        this.quota = quota;
        this.webhooks = webhooks;
        this.retiredSecrets = retiredSecrets;
        this.cipher = cipher;
        this.random = random;
    }

    /** One statement (see {@link WebhookRepository#insertWithinQuota}) on {@code client}: no transaction to open. */
    public Uni<CreatedWebhook> create(SqlClient client, Caller caller, NewWebhook request) {
        Instant now = Timestamps.now();
        String secret = WebhookSecrets.generate(random);
        Webhook webhook = new Webhook();
        webhook.id = UUID.randomUUID();
        webhook.workspaceId = caller.workspaceId();
        webhook.url = request.url();
        webhook.urlKey = WebhookUrlPolicy.key(request.url());
        webhook.events = names(request.events());
        webhook.active = request.active();
        webhook.description = request.description();
        webhook.ordering = request.ordering();
        webhook.rateLimit = request.rateLimit();
        options.setHeaders(webhook, request.headers());
        options.setAuth(webhook, request.auth());
        options.setFilter(webhook, request.filter());
        webhook.secretCiphertext = cipher.encrypt(secret, webhook.id.toString());
        webhook.createdBy = caller.userId();
        webhook.createdAt = now;
        webhook.updatedAt = now;
        return webhooks.insertWithinQuota(client, webhook, quota.maxWebhooks())
                .onFailure(WebhookService::isDuplicateUrl).transform(e -> new DuplicateUrl())
                .map(inserted -> {
                    if (!inserted) {
                        throw new WebhookLimitReached();
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

    /** Applies the changes; pausing then fails the webhook's pending deliveries that are not in flight. */
    public Uni<Webhook> update(Caller caller, UUID id, WebhookChanges changes) {
        return Panache.withTransaction(() -> apply(caller, id, changes))
                .onFailure(WebhookService::isDuplicateUrl).transform(e -> new DuplicateUrl())
                .call(applied -> applied.paused() ? deliveries.failPendingOf(id) : Uni.createFrom().voidItem())
                .call(applied -> applied.rescheduled() ? deliveries.scheduleChanged(id) : Uni.createFrom().voidItem())
                .map(Applied::webhook);
    }

    private record Applied(Webhook webhook, boolean paused, boolean rescheduled) {
    }

    private Uni<Applied> apply(Caller caller, UUID id, WebhookChanges changes) {
        return lock(caller, id).chain(webhook -> {
            webhook.url = changes.url();
            webhook.urlKey = WebhookUrlPolicy.key(changes.url());
            if (changes.events() != null) {
                webhook.events = names(changes.events());
            }
            if (changes.description() != null) {
                webhook.description = changes.description().isEmpty() ? null : changes.description();
            }
            boolean scheduled = webhook.scheduledOnItsOwn();
            if (changes.ordering() != null) {
                webhook.ordering = changes.ordering();
            }
            if (changes.rateLimit() != null) {
                webhook.rateLimit = changes.rateLimit() == 0 ? null : changes.rateLimit();
            }
            if (changes.headers() != null) {
                options.setHeaders(webhook, changes.headers());
            }
            if (changes.removeAuth()) {
                options.setAuth(webhook, null);
            } else if (changes.auth() != null) {
                options.setAuth(webhook, changes.auth());
            }
            if (changes.filter() != null) {
                options.setFilter(webhook, changes.filter());
            }
            boolean pausing = webhook.active && Boolean.FALSE.equals(changes.active());
            boolean resuming = !webhook.active && Boolean.TRUE.equals(changes.active());
            if (changes.active() != null) {
                webhook.active = changes.active();
            }
            webhook.updatedAt = Timestamps.now();
            if (pausing) {
                webhook.deactivatedAt = webhook.updatedAt;
                webhook.deactivationReason = PAUSED;
            } else if (resuming) {
                webhook.deactivatedAt = null;
                webhook.deactivationReason = null;
            }
            return webhooks.flush().replaceWith(new Applied(webhook, pausing, scheduled != webhook.scheduledOnItsOwn()));
        });
    }

    /** Deletes the webhook, then its queued work and history (a claim drops queued work left behind). */
    public Uni<Void> delete(Caller caller, UUID id) {
        return Panache.withTransaction(() -> webhooks.deleteInWorkspace(id, caller.workspaceId())).invoke(count -> {
            if (count == 0) {
                throw notFound();
            }
        }).chain(() -> deliveries.deleteAllOf(id));
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

    private static NotFound notFound() {
        return new NotFound("Webhook");
    }

    private static String[] names(List<EventType> events) {
        return events.stream().map(EventType::wireName).toArray(String[]::new);
    }

    private static boolean isDuplicateUrl(Throwable failure) {
        return DatabaseErrors.isUniqueViolation(failure, WebhookRepository.URL_UNIQUE);
    }
}
