package com.encrata.webhooks.auth;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Access to the event intake under /internal. */
@ConfigMapping(prefix = "encrata.internal")
public interface InternalConfig {

    /** Bearer token of /internal/events (ENCRATA_INTERNAL_TOKEN); without it intake is refused. */
    Optional<String> token();
}
