package com.encrata.webhooks.portal;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** How the management page at /portal may be embedded. */
@ConfigMapping(prefix = "encrata.portal")
public interface PortalConfig {

    /** Origins allowed to frame /portal (ENCRATA_PORTAL_FRAME_ANCESTORS), e.g. {@code https://app.example.com}; none by default. */
    Optional<String> frameAncestors();
}
