package com.encrata.webhooks.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** How many webhooks one workspace may have. */
@ConfigMapping(prefix = "encrata.quota")
public interface WebhookQuota {

    /** Most webhooks one workspace may have (ENCRATA_QUOTA_WEBHOOKS). */
    @WithName("webhooks")
    @WithDefault("100")
    int maxWebhooks();
}
