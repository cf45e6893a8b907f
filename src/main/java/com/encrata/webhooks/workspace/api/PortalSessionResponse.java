package com.encrata.webhooks.workspace.api;

import java.time.Instant;

/** A portal session just issued: its token (shown once), the portal link that carries it, its expiry. */
public record PortalSessionResponse(String token, String url, Instant expiresAt) {
}
