package com.encrata.webhooks.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Portal sessions: short-lived tokens of the management portal. */
@ConfigMapping(prefix = "encrata.portal")
public interface PortalSessionConfig {

    /** Requests per portal session and window on /api/webhooks/** (ENCRATA_PORTAL_RATE_LIMIT_PER_MINUTE); 0 = off. */
    @WithDefault("300")
    int rateLimitPerMinute();
}
