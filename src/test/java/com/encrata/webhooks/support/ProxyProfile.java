package com.encrata.webhooks.support;

import java.util.HashMap;
import java.util.Map;

/**
 * The engine under test with an egress proxy with credentials on a free loopback port; the test
 * starts {@link Tinyproxy} there itself (it reads the port back from {@code encrata.delivery.proxy}).
 */
public class ProxyProfile extends DeliveryProfile {

    private static final int PORT = Tinyproxy.freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("encrata.delivery.proxy", "http://" + Tinyproxy.USER + ":" + Tinyproxy.PASSWORD + "@127.0.0.1:" + PORT);
        return config;
    }
}
