package com.encrata.webhooks.webhook.options;

import java.util.Locale;
import java.util.Set;

/** What a webhook's own headers may be (SPEC §10). */
public final class HeaderRules {

    public static final int MAX_HEADERS = 20;
    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_VALUE_LENGTH = 1024;
    public static final int MAX_TOTAL_BYTES = 8 * 1024;

    /** Set by the service or by the connection; lower case. */
    static final Set<String> REFUSED = Set.of("host", "content-type", "content-length", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "expect", "user-agent");
    static final String AUTHORIZATION = "authorization";
    /** Prefixes the service's own headers and proxies use; lower case. */
    static final Set<String> REFUSED_PREFIXES = Set.of("proxy-", "x-encrata-", "webhook-");

    private HeaderRules() {
    }

    /** What is wrong with a header name, or null. */
    public static String nameProblem(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || !name.chars().allMatch(HeaderRules::tokenChar)) {
            return "must be a header name (an RFC 9110 token) of at most " + MAX_NAME_LENGTH + " characters";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals(AUTHORIZATION)) {
            return "is not allowed: credentials go in auth";
        }
        if (REFUSED.contains(lower) || REFUSED_PREFIXES.stream().anyMatch(lower::startsWith)) {
            return "is not allowed: the service or the connection sets this header";
        }
        return null;
    }

    /** What is wrong with a header value, or null. */
    public static String valueProblem(String value) {
        if (value == null) {
            return "must be a string";
        }
        if (value.length() > MAX_VALUE_LENGTH || !value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            return "must be at most " + MAX_VALUE_LENGTH + " printable ASCII characters";
        }
        return null;
    }

    /** What a header counts toward {@link #MAX_TOTAL_BYTES}: its name, value, ": " and the line end. */
    public static int size(String name, String value) {
        return name.length() + value.length() + 4;
    }

    // RFC 9110 §5.6.2: tchar.
    private static boolean tokenChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
