package dev.easel.safety;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses count as public. IPv4 is public unless it falls in a special-purpose range; IPv6
 * is public only inside global unicast 2000::/3 and outside the special ranges there, so a range
 * forgotten here fails closed. IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64,
 * 6to4) are judged by the IPv4 address they lead to.
 */
final class AddressRanges {
    private record V4(int network, int bits, String kind) {
        boolean contains(int address) {
            int mask = bits == 0 ? 0 : -1 << (32 - bits);
            return (address & mask) == network;
        }
    }

    private record V6(byte[] prefix, int bits, String kind) {
        boolean contains(byte[] address) {
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<V4> V4_RANGES = List.of(
            v4("0.0.0.0", 8, "unspecified"),
            v4("10.0.0.0", 8, "private"),
            v4("100.64.0.0", 10, "carrier-grade NAT"),
            v4("127.0.0.0", 8, "loopback"),
            v4("169.254.0.0", 16, "link-local"), // includes 169.254.169.254, the cloud metadata service
            v4("172.16.0.0", 12, "private"),
            v4("192.0.0.0", 24, "IETF protocol assignment"),
            v4("192.0.2.0", 24, "documentation"),
            v4("192.88.99.0", 24, "6to4 relay"),
            v4("192.168.0.0", 16, "private"),
            v4("198.18.0.0", 15, "benchmarking"),
            v4("198.51.100.0", 24, "documentation"),
            v4("203.0.113.0", 24, "documentation"),
            v4("224.0.0.0", 4, "multicast"),
            v4("240.0.0.0", 4, "reserved or broadcast"));

    private static final List<V6> V6_RANGES = List.of(
            v6("64:ff9b:1::", 48, "local-use NAT64"),
            v6("100::", 64, "discard-only"),
            // Teredo hides an arbitrary IPv4 server and client inside; nothing legitimate needs it.
            v6("2001::", 32, "Teredo"),
            v6("2001:2::", 48, "benchmarking"),
            v6("2001:db8::", 32, "documentation"),
            v6("3fff::", 20, "documentation"),
            v6("fc00::", 7, "unique local"),
            v6("fe80::", 10, "link-local"),
            v6("fec0::", 10, "site-local"),
            v6("ff00::", 8, "multicast"));

    private static final V6 GLOBAL_UNICAST = v6("2000::", 3, "global unicast");
    private static final V6 NAT64 = v6("64:ff9b::", 96, "NAT64");
    private static final V6 SIX_TO_FOUR = v6("2002::", 16, "6to4");
    private static final V6 MAPPED = new V6(mappedPrefix(), 96, "IPv4-mapped");
    private static final V6 COMPATIBLE = v6("::", 96, "IPv4-compatible");

    private AddressRanges() {}

    /** The kind of non-public address this is ("loopback", "private" …), or empty when it is public. */
    static Optional<String> nonPublicKind(InetAddress address) {
        return switch (address) {
            case Inet4Address v4 -> ipv4Kind(toInt(v4.getAddress(), 0));
            case Inet6Address v6 -> ipv6Kind(v6.getAddress());
            default -> Optional.of("unknown address family");
        };
    }

    private static Optional<String> ipv4Kind(int address) {
        return V4_RANGES.stream().filter(r -> r.contains(address)).map(V4::kind).findFirst();
    }

    private static Optional<String> ipv6Kind(byte[] address) {
        if (Arrays.equals(address, new byte[16])) {
            return Optional.of("unspecified");
        }
        if (Arrays.equals(address, 0, 15, new byte[15], 0, 15) && address[15] == 1) {
            return Optional.of("loopback");
        }
        if (MAPPED.contains(address) || NAT64.contains(address)) {
            return ipv4Kind(toInt(address, 12));
        }
        if (COMPATIBLE.contains(address)) {
            // Deprecated since 2006 and never routed: refuse even with a public IPv4 inside.
            return Optional.of(ipv4Kind(toInt(address, 12)).orElse("IPv4-compatible"));
        }
        if (SIX_TO_FOUR.contains(address)) {
            Optional<String> embedded = ipv4Kind(toInt(address, 2));
            if (embedded.isPresent()) {
                return embedded;
            }
        }
        Optional<String> special = V6_RANGES.stream()
                .filter(r -> r.contains(address))
                .map(V6::kind)
                .findFirst();
        if (special.isPresent()) {
            return special;
        }
        return GLOBAL_UNICAST.contains(address) ? Optional.empty() : Optional.of("reserved");
    }

    private static int toInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) << 24
                | (bytes[offset + 1] & 0xff) << 16
                | (bytes[offset + 2] & 0xff) << 8
                | (bytes[offset + 3] & 0xff);
    }

    private static V4 v4(String network, int bits, String kind) {
        return new V4(toInt(Inet4Address.ofLiteral(network).getAddress(), 0), bits, kind);
    }

    private static V6 v6(String prefix, int bits, String kind) {
        return new V6(Inet6Address.ofLiteral(prefix).getAddress(), bits, kind);
    }

    /** ::ffff:0:0 spelled out: every literal parser turns it into an IPv4 address. */
    private static byte[] mappedPrefix() {
        byte[] prefix = new byte[16];
        prefix[10] = (byte) 0xff;
        prefix[11] = (byte) 0xff;
        return prefix;
    }
}
