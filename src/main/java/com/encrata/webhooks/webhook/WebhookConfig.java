package com.encrata.webhooks.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Per-workspace limits of the webhook API. */
@ConfigMapping(prefix = "encrata.quota")
public interface WebhookConfig {

    /** Most webhooks one workspace may have (ENCRATA_QUOTA_WEBHOOKS). */
    @WithName("webhooks")
    @WithDefault("100")
    int maxWebhooks();

    /** Most active API keys one workspace may have (ENCRATA_QUOTA_API_KEYS). */
    @WithName("api-keys")
    @WithDefault("50")
    int maxApiKeys();
}
