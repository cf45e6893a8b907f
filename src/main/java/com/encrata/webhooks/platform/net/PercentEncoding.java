package com.encrata.webhooks.platform.net;

/** RFC 3986 percent-encoding: every {@code %} starts two hex digits. */
public final class PercentEncoding {

    private PercentEncoding() {
    }

    /** True when every {@code %} of {@code text} is followed by two hex digits. */
    public static boolean isWellFormed(String text) {
        for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
            if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
