package com.encrata.webhooks.delivery;

/** The {@code error} values of a delivery attempt that got no HTTP answer. */
public final class DeliveryError {

    public static final String TIMEOUT = "timeout";
    public static final String CONNECTION_REFUSED = "connection refused";
    public static final String DNS = "dns";
    public static final String TLS = "tls";
    public static final String BLOCKED_ADDRESS = "blocked address";
    public static final String WEBHOOK_INACTIVE = "webhook inactive";
    public static final String SECRET_UNAVAILABLE = "secret unavailable";
    /** The endpoint's credentials could not be obtained or used (e.g. the OAuth2 token endpoint failed). */
    public static final String AUTH = "auth";
    /** The egress proxy refused or failed. */
    public static final String PROXY = "proxy";

    private DeliveryError() {
    }
}
