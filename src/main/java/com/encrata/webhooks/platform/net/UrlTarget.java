package com.encrata.webhooks.platform.net;

import java.net.IDN;
import java.util.Locale;

/**
 * Where an {@code https://} URL points: ASCII host (IPv6 without brackets), port and request URI,
 * and the pieces of its authority that both the URL rules and the delivery engine read.
 */
public record UrlTarget(String host, int port, String requestUri, boolean ipv6Literal) {

    /** The target of a URL that passed the webhook URL rules. */
    public static UrlTarget of(String url) {
        int hostEnd = authorityEnd(url);
        HostPort hp = HostPort.split(url.substring(8, hostEnd));
        String rest = url.substring(hostEnd);
        String host = hp.bracketed() ? hp.host() : stripDot(toAscii(hp.host()));
        int port = hp.port() == null ? 443 : Integer.parseInt(hp.port());
        String requestUri = rest.isEmpty() || rest.startsWith("?") ? "/" + rest : rest;
        return new UrlTarget(host, port, requestUri, hp.bracketed());
    }

    /** {@code host:port}, what per-host limits count by. */
    public String hostAndPort() {
        return host + ":" + port;
    }

    /** Where the authority of an {@code https://} URL ends. */
    public static int authorityEnd(String url) {
        for (int i = 8; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '\\') {
                return i;
            }
        }
        return url.length();
    }

    /** Lowercase ASCII form of a host (punycode for IDN), or null when it is not a valid name. */
    public static String toAscii(String host) {
        try {
            return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static String stripDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** The host and optional port of an authority; IPv6 hosts are given without brackets. */
    public record HostPort(String host, String port, boolean bracketed) {

        /** The parts of {@code authority}, or null when a bracketed host is malformed. */
        public static HostPort split(String authority) {
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                if (close < 0) {
                    return null;
                }
                String after = authority.substring(close + 1);
                if (!after.isEmpty() && !after.startsWith(":")) {
                    return null;
                }
                return new HostPort(authority.substring(1, close), after.isEmpty() ? null : after.substring(1), true);
            }
            int colon = authority.lastIndexOf(':');
            if (colon < 0) {
                return new HostPort(authority, null, false);
            }
            return new HostPort(authority.substring(0, colon), authority.substring(colon + 1), false);
        }
    }
}
