package com.encrata.webhooks.platform.net;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The private-targets switch (ENCRATA_DELIVERY_ALLOW_PRIVATE_TARGETS): whether webhooks may point to
 * loopback, RFC 1918, fc00::/7 and localhost. Read by the create-time URL check and the delivery-time
 * guard alike, so both always agree. Dev and test only.
 */
@ConfigMapping(prefix = "encrata.delivery")
public interface PrivateTargets {

    /** Unblocks loopback, RFC 1918, fc00::/7 and localhost targets; never in production. */
    @WithName("allow-private-targets")
    @WithDefault("false")
    boolean allowed();
}
