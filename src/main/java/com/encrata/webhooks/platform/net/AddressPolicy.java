package com.encrata.webhooks.platform.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which IP addresses a webhook may never reach. Shared by the create-time URL check and the
 * delivery-time target guard, so both refuse exactly the same ranges.
 */
public final class AddressPolicy {

    /** Ranges that the private-targets switch unblocks (loopback, RFC 1918, IPv6 ULA). */
    private static final List<Cidr> PRIVATE = List.of(
            Cidr.of("127.0.0.0/8"), Cidr.of("10.0.0.0/8"), Cidr.of("172.16.0.0/12"),
            Cidr.of("192.168.0.0/16"), Cidr.of("::1/128"), Cidr.of("fc00::/7"));

    /** Ranges that stay blocked whatever the configuration says. */
    private static final List<Cidr> ALWAYS_BLOCKED = List.of(
            Cidr.of("0.0.0.0/8"), Cidr.of("100.64.0.0/10"), Cidr.of("169.254.0.0/16"),
            Cidr.of("192.0.0.0/24"), Cidr.of("192.0.2.0/24"), Cidr.of("192.88.99.0/24"),
            Cidr.of("198.18.0.0/15"), Cidr.of("198.51.100.0/24"), Cidr.of("203.0.113.0/24"),
            Cidr.of("224.0.0.0/4"), Cidr.of("240.0.0.0/4"),
            Cidr.of("::/128"), Cidr.of("fd00:ec2::254/128"), Cidr.of("64:ff9b::/96"),
            Cidr.of("64:ff9b:1::/48"), Cidr.of("100::/64"), Cidr.of("2001::/32"),
            Cidr.of("2001:2::/48"), Cidr.of("2001:10::/28"), Cidr.of("2001:20::/28"),
            Cidr.of("2001:db8::/32"), Cidr.of("2002::/16"), Cidr.of("3fff::/20"),
            Cidr.of("fe80::/10"), Cidr.of("fec0::/10"), Cidr.of("ff00::/8"));

    private AddressPolicy() {
    }

    /** True when no webhook may connect to {@code address} under the given switch. */
    public static boolean isBlocked(InetAddress address, boolean allowPrivate) {
        InetAddress effective = embeddedIpv4(address);
        if (effective != address) {
            return isBlocked(effective, allowPrivate);
        }
        if (ALWAYS_BLOCKED.stream().anyMatch(c -> c.contains(address))) {
            return true;
        }
        return !allowPrivate && PRIVATE.stream().anyMatch(c -> c.contains(address));
    }

    /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or -compatible (::a.b.c.d) address. */
    static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return address;
            }
        }
        boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        // Every other ::/96 address is IPv4-compatible; :: and ::1 keep their IPv6 meaning.
        boolean compatible = b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0);
        if (!mapped && !compatible) {
            return address;
        }
        try {
            return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** An address range in CIDR notation. */
    record Cidr(byte[] network, int prefix) {

        static Cidr of(String cidr) {
            String[] parts = cidr.split("/");
            try {
                return new Cidr(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
