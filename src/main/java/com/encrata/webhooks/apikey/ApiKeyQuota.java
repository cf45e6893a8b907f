package com.encrata.webhooks.apikey;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** How many active API keys one workspace may have. */
@ConfigMapping(prefix = "encrata.quota")
public interface ApiKeyQuota {

    /** Most active API keys one workspace may have (ENCRATA_QUOTA_API_KEYS). */
    @WithName("api-keys")
    @WithDefault("50")
    int maxApiKeys();
}
