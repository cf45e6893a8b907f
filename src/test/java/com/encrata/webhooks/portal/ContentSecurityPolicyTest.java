package com.encrata.webhooks.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTest {

    @Test
    void forbidsFramingUnlessOriginsAreConfigured() {
        assertThat(PortalHeaders.contentSecurityPolicy(Optional.empty()))
                .isEqualTo("default-src 'self'; frame-ancestors 'none'");
        assertThat(PortalHeaders.contentSecurityPolicy(Optional.of("  ")))
                .isEqualTo("default-src 'self'; frame-ancestors 'none'");
    }

    @Test
    void letsTheConfiguredOriginsFrameThePage() {
        assertThat(PortalHeaders.contentSecurityPolicy(Optional.of("https://app.example.com https://*.example.org")))
                .isEqualTo("default-src 'self'; frame-ancestors https://app.example.com https://*.example.org");
    }
}
