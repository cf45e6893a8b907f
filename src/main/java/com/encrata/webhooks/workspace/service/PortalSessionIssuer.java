package com.encrata.webhooks.workspace.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.encrata.webhooks.auth.ApiKeyTokens;
import com.encrata.webhooks.auth.Role;
import com.encrata.webhooks.auth.repository.PortalSessions;
import com.encrata.webhooks.platform.crypto.RandomTokens;
import com.encrata.webhooks.platform.error.NotFound;
import com.encrata.webhooks.platform.time.Timestamps;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Issues portal sessions for Encrata's back office: a short-lived {@code enc_portal_} token of one
 * user, workspace and role, and the portal link that signs in with it. Expired sessions are purged.
 */
@ApplicationScoped
public class PortalSessionIssuer {

    /** How long a portal session lasts when the request does not say. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    /** A session just issued. */
    public record Issued(String token, String url, Instant expiresAt) {
    }

    private final PortalSessions sessions;
    private final RandomTokens random;
    private final String publicUrl;

    public PortalSessionIssuer(PortalSessions sessions, RandomTokens random,
            @ConfigProperty(name = "encrata.public-url") Optional<String> publicUrl) {
        this.sessions = sessions;
        this.random = random;
        this.publicUrl = publicUrl.map(url -> url.replaceAll("/+$", "")).orElse("");
    }

    public Uni<Issued> issue(UUID workspaceId, UUID userId, Role role, Duration lifetime) {
        String token = ApiKeyTokens.generatePortal(random);
        Instant now = Timestamps.now();
        Instant expiresAt = now.plus(lifetime);
        return sessions.insert(workspaceId, userId, role, ApiKeyTokens.hash(token), now, expiresAt).map(stored -> {
            if (!stored) {
                throw new NotFound("Workspace");
            }
            return new Issued(token, publicUrl + "/portal#token=" + token, expiresAt);
        });
    }

    @Scheduled(every = "${encrata.retention.purge-interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeExpired() {
        return sessions.purgeExpired().onFailure().recoverWithNull().replaceWithVoid();
    }
}
