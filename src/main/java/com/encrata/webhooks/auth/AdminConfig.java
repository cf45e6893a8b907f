package com.encrata.webhooks.auth;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Access to the provisioning API under /admin. */
@ConfigMapping(prefix = "encrata.admin")
public interface AdminConfig {

    /** Bearer token of /admin (ENCRATA_ADMIN_TOKEN); without it every /admin request is refused. */
    Optional<String> token();
}
