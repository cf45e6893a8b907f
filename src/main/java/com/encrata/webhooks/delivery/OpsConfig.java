package com.encrata.webhooks.delivery;

import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The service's operational events (SPEC §11). */
@ConfigMapping(prefix = "encrata.ops")
public interface OpsConfig {

    /** Consecutive failed scheduled attempts that make a webhook failing (ENCRATA_OPS_FAILING_AFTER). */
    @WithDefault("5")
    @Min(1)
    int failingAfter();
}
