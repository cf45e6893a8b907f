package com.encrata.webhooks.webhook.validation;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.encrata.webhooks.platform.net.AddressPolicy;
import com.encrata.webhooks.platform.net.HostLiteral;
import com.encrata.webhooks.platform.net.PercentEncoding;
import com.encrata.webhooks.platform.net.UrlTarget;
import com.encrata.webhooks.platform.net.UrlTarget.HostPort;

/**
 * The rules a webhook URL must meet at create and update time, and its normalised key: lowercase
 * scheme and host, punycode, no trailing dot, no default port, empty path as "/", path and query
 * kept byte for byte. Hosts are checked as written; no DNS lookup happens here.
 */
public final class WebhookUrlPolicy {

    public static final int MAX_LENGTH = 2048;
    private static final String NOT_IN_URI = "<>\"{}|^`";
    private static final Pattern LABEL = Pattern.compile("(?i)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    private WebhookUrlPolicy() {
    }

    /** What is wrong with {@code url}, or empty when it is an acceptable webhook URL. */
    public static Optional<String> check(String url, boolean allowPrivate) {
        if (url.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (url.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        if (url.length() < 8 || !url.regionMatches(true, 0, "https://", 0, 8)) {
            return Optional.of("must be an absolute https:// URL");
        }
        int hostEnd = UrlTarget.authorityEnd(url);
        String authority = url.substring(8, hostEnd);
        String rest = url.substring(hostEnd);
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return Optional.of("must not contain whitespace or control characters");
            }
            if (c == '\\') {
                return Optional.of("must not contain backslashes");
            }
        }
        if (url.indexOf('#') >= 0) {
            return Optional.of("must not contain a fragment");
        }
        if (authority.indexOf('@') >= 0) {
            return Optional.of("must not contain user info");
        }
        if (!rest.chars().allMatch(c -> c < 0x80)) {
            return Optional.of("must percent-encode non-ASCII characters");
        }
        Optional<String> uri = checkUriCharacters(url);
        return uri.isPresent() ? uri : checkAuthority(authority, allowPrivate);
    }

    /** The normalised key of a URL that passed {@link #check}: what "the same URL" compares. */
    public static String key(String url) {
        int hostEnd = UrlTarget.authorityEnd(url);
        return normalisedKey(url.substring(8, hostEnd), url.substring(hostEnd));
    }

    /** RFC 3986 allows none of {@code < > " { } | ^ `} in a URI, and a {@code %} must start an escape. */
    private static Optional<String> checkUriCharacters(String url) {
        if (url.chars().anyMatch(c -> NOT_IN_URI.indexOf(c) >= 0)) {
            return Optional.of("must be a valid URI: percent-encode characters such as <, >, \", |, ^ and backticks");
        }
        if (!PercentEncoding.isWellFormed(url)) {
            return Optional.of("must not contain malformed percent-encoding (a % must start two hex digits)");
        }
        return Optional.empty();
    }

    private static Optional<String> checkAuthority(String authority, boolean allowPrivate) {
        HostPort hp = HostPort.split(authority);
        if (hp == null || hp.host().isEmpty()) {
            return Optional.of("must have a host");
        }
        if (hp.port() != null && !validPort(hp.port())) {
            return Optional.of("must have a port between 1 and 65535");
        }
        if (hp.bracketed()) {
            Optional<InetAddress> v6 = HostLiteral.parseIpv6(hp.host());
            if (v6.isEmpty()) {
                return Optional.of("must have a valid host");
            }
            return blocked(v6.get(), allowPrivate);
        }
        String ascii = UrlTarget.toAscii(hp.host());
        if (ascii == null) {
            return Optional.of("must have a valid host");
        }
        if (HostLiteral.looksLikeIpv4(ascii)) {
            return HostLiteral.parseIpv4(ascii)
                    .map(address -> blocked(address, allowPrivate))
                    .orElse(Optional.of("must have a valid host"));
        }
        return checkName(ascii, allowPrivate);
    }

    private static Optional<String> blocked(InetAddress address, boolean allowPrivate) {
        return AddressPolicy.isBlocked(address, allowPrivate)
                ? Optional.of("must not point to a private, loopback or reserved address")
                : Optional.empty();
    }

    private static Optional<String> checkName(String ascii, boolean allowPrivate) {
        String name = UrlTarget.stripDot(ascii);
        if (name.isEmpty() || name.length() > 253) {
            return Optional.of("must have a valid host");
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("must have a valid host");
            }
        }
        if (name.equals("localhost") && allowPrivate) {
            return Optional.empty();
        }
        if (name.equals("localhost") || name.endsWith(".localhost") || name.endsWith(".internal")
                || name.endsWith(".local") || !name.contains(".")) {
            return Optional.of("must not point to a local or internal host name");
        }
        return Optional.empty();
    }

    private static boolean validPort(String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int p = Integer.parseInt(port);
        return p >= 1 && p <= 65535;
    }

    private static String normalisedKey(String authority, String rest) {
        HostPort hp = HostPort.split(authority);
        String host = hp.bracketed()
                ? "[" + hp.host().toLowerCase(Locale.ROOT) + "]"
                : UrlTarget.stripDot(UrlTarget.toAscii(hp.host()));
        String port = hp.port() == null || Integer.parseInt(hp.port()) == 443 ? "" : ":" + Integer.parseInt(hp.port());
        String pathAndQuery = rest.isEmpty() || rest.startsWith("?") ? "/" + rest : rest;
        return "https://" + host + port + pathAndQuery;
    }
}
