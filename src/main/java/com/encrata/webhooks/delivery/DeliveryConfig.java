package com.encrata.webhooks.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How and where deliveries may be sent. */
@ConfigMapping(prefix = "encrata.delivery")
public interface DeliveryConfig {

    /** Unblocks loopback, RFC 1918, fc00::/7 and localhost targets; dev and test only. */
    @WithDefault("false")
    boolean allowPrivateTargets();
}
