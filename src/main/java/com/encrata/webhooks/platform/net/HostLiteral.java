package com.encrata.webhooks.platform.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises IP literals in a URL host the way resolvers and browsers do, so that spellings such
 * as {@code 127.1}, {@code 2130706433}, {@code 0x7f.1} or {@code 017.0.0.1} cannot hide an address.
 */
public final class HostLiteral {

    private static final Pattern IPV4_LIKE = Pattern.compile("(?i)[0-9a-fx.]+");
    private static final Pattern IPV6_CHARS = Pattern.compile("(?i)[0-9a-f:.]+");

    private HostLiteral() {
    }

    /** True when the last label is numeric, i.e. the host can only be meant as an IPv4 address. */
    public static boolean looksLikeIpv4(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        int dot = h.lastIndexOf('.');
        String last = h.substring(dot + 1);
        return !last.isEmpty() && IPV4_LIKE.matcher(h).matches() && parsePart(last) >= 0;
    }

    /** Parses an IPv4 host in any inet_aton spelling (1 to 4 parts; decimal, octal or hex). */
    public static Optional<InetAddress> parseIpv4(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = parsePart(parts[i]);
            if (values[i] < 0 || (i < parts.length - 1 && values[i] > 255)) {
                return Optional.empty();
            }
        }
        long last = values[parts.length - 1];
        if (last >= 1L << (8 * (5 - parts.length))) {
            return Optional.empty();
        }
        long ip = last;
        for (int i = 0; i < parts.length - 1; i++) {
            ip |= values[i] << (8 * (3 - i));
        }
        byte[] bytes = {(byte) (ip >> 24), (byte) (ip >> 16), (byte) (ip >> 8), (byte) ip};
        try {
            return Optional.of(Inet4Address.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Parses the inside of a bracketed IPv6 host without any DNS lookup. */
    public static Optional<InetAddress> parseIpv6(String inside) {
        if (inside.isEmpty() || !IPV6_CHARS.matcher(inside).matches() || !inside.contains(":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName("[" + inside + "]"));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The value of one inet_aton part, or -1 when it is not a number. */
    private static long parsePart(String part) {
        if (part.isEmpty() || part.length() > 12) {
            return -1;
        }
        try {
            if (part.length() > 1 && (part.startsWith("0x") || part.startsWith("0X"))) {
                return part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return Long.parseLong(part.substring(1), 8);
            }
            return Long.parseLong(part, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
