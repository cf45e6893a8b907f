package com.encrata.webhooks.auth;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The per-key request limit on /api/webhooks/**. */
@ConfigMapping(prefix = "encrata.rate-limit")
public interface RateLimitConfig {

    /** Requests per key and window (ENCRATA_RATE_LIMIT_PER_MINUTE); 0 turns the limit off. */
    @WithDefault("30")
    int perMinute();

    /** Length of the fixed window, opened by a key's first request. */
    @WithDefault("60s")
    Duration window();
}
