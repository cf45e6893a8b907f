package com.encrata.webhooks.delivery.engine;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;

/**
 * The egress proxy of ENCRATA_DELIVERY_PROXY (SPEC §10), {@code http://[user:password@]host:port}, as
 * the options of Vert.x's HTTP client: an HTTPS request through it is a {@code CONNECT} to the
 * request's server address, which is always the address the target guard vetted. A value that does
 * not parse stops the start with a message that never repeats it (it may hold a password).
 */
final class EgressProxy {

    static final String INVALID = "ENCRATA_DELIVERY_PROXY must be http://[user:password@]host:port";

    private EgressProxy() {
    }

    /** Empty without a proxy. */
    static Optional<ProxyOptions> from(Optional<String> value) {
        return value.map(String::strip).filter(v -> !v.isEmpty()).map(EgressProxy::parse);
    }

    static ProxyOptions parse(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(INVALID);
        }
        String path = uri.getRawPath();
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1
                || uri.getPort() > 65535 || (path != null && !path.isEmpty() && !path.equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(INVALID);
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        ProxyOptions options = new ProxyOptions().setType(ProxyType.HTTP).setHost(host).setPort(uri.getPort());
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(INVALID);
            }
            options.setUsername(decode(userInfo.substring(0, colon))).setPassword(decode(userInfo.substring(colon + 1)));
        }
        return options;
    }

    /** Where the proxy is, without its credentials, for the start-up log. */
    static String describe(ProxyOptions options) {
        String host = options.getHost().indexOf(':') >= 0 ? "[" + options.getHost() + "]" : options.getHost();
        return "http://" + host + ":" + options.getPort() + (options.getUsername() != null ? " (with credentials)" : "");
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(INVALID);
        }
    }
}
