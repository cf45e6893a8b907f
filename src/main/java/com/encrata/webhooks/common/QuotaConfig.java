package com.encrata.webhooks.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Per-workspace quotas. */
@ConfigMapping(prefix = "encrata.quota")
public interface QuotaConfig {

    /** Most webhooks one workspace may have (ENCRATA_QUOTA_WEBHOOKS). */
    @WithName("webhooks")
    @WithDefault("100")
    int maxWebhooks();

    /** Most active API keys one workspace may have (ENCRATA_QUOTA_API_KEYS). */
    @WithName("api-keys")
    @WithDefault("50")
    int maxApiKeys();
}
