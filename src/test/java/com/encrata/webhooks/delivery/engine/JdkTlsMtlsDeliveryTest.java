package com.encrata.webhooks.delivery.engine;

import java.util.HashMap;
import java.util.Map;

import com.encrata.webhooks.support.DeliveryProfile;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link MtlsDeliveryTest} on the JDK's TLS engine ({@code encrata.delivery.openssl=false}), the one
 * the native image sends with: client certificates presented, and refused ones a {@code tls} failure.
 */
@QuarkusTest
@TestProfile(JdkTlsMtlsDeliveryTest.JdkTls.class)
class JdkTlsMtlsDeliveryTest extends MtlsDeliveryTest {

    public static class JdkTls extends DeliveryProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("encrata.delivery.openssl", "false");
            return config;
        }
    }

    @Override
    boolean openssl() {
        return false;
    }
}
