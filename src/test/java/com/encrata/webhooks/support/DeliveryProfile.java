package com.encrata.webhooks.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The engine under test: loopback receivers allowed, a compressed retry schedule, a short deadline. */
public class DeliveryProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "encrata.delivery.allow-private-targets", "true",
                "encrata.delivery.retry-schedule", "300ms,600ms,900ms",
                "encrata.delivery.timeout", "1s",
                "encrata.delivery.poll-interval", "200ms",
                "encrata.delivery.recover-spacing", "50ms",
                "encrata.rate-limit.per-minute", "0");
    }
}
