package com.encrata.webhooks.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Tiny limits so that rate limiting and quotas can be seen quickly: 3 requests per 3 s, 3 webhooks, 3 keys. */
public class SmallLimits implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("encrata.rate-limit.per-minute", "3", "encrata.rate-limit.window", "3s",
                "encrata.quota.webhooks", "3", "encrata.quota.api-keys", "3");
    }
}
