package dev.easel.safety;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The host part of a URL or of a policy entry: a name that must be resolved, or an IP literal that
 * must not be. Parsed strictly here, never by handing odd text to {@link InetAddress}, because
 * resolvers and browsers read {@code 2130706433}, {@code 0x7f.1} or {@code 0177.0.0.1} as
 * 127.0.0.1 while a naive check sees a harmless name.
 */
sealed interface Host permits Host.Name, Host.Ip {

    /** A DNS name, lower case, without a trailing dot. */
    record Name(String name) implements Host {
        private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

        public Name {
            if (name.isEmpty() || name.length() > 253) {
                throw new IllegalArgumentException("host name must be 1 to 253 characters long");
            }
            for (String label : name.split("\\.", -1)) {
                if (!LABEL.matcher(label).matches()) {
                    throw new IllegalArgumentException("\"" + name + "\" is not a valid host name");
                }
            }
        }

        boolean isOrIsUnder(String domain) {
            return name.equals(domain) || name.endsWith("." + domain);
        }
    }

    record Ip(InetAddress address) implements Host {
        public Ip {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * Parses a host as {@link java.net.URI#getHost()} reports it: IPv6 in brackets, IPv4 only as
     * four plain decimal numbers. Anything whose last label is a number but is not such a
     * dotted quad is refused rather than guessed at (the WHATWG URL rule for "ends in a number").
     *
     * @throws IllegalArgumentException with a message fit for API users
     */
    static Host parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException("the URL has no valid host");
        }
        if (raw.startsWith("[")) {
            return ipv6(raw);
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        boolean trailingDot = lower.endsWith(".");
        String bare = trailingDot ? lower.substring(0, lower.length() - 1) : lower;
        String[] labels = bare.split("\\.", -1);
        if (endsInNumber(labels[labels.length - 1])) {
            if (trailingDot || !isDottedQuad(labels)) {
                throw new IllegalArgumentException("\"" + raw + "\" is an IPv4 address in a non-standard form;"
                        + " write it as four decimal numbers, like 192.0.2.1");
            }
            return new Ip(Inet4Address.ofLiteral(bare));
        }
        return new Name(bare);
    }

    private static Host ipv6(String raw) {
        if (!raw.endsWith("]") || raw.indexOf(':') < 0) {
            throw new IllegalArgumentException("\"" + raw + "\" is not a valid IPv6 address");
        }
        String literal = raw.substring(1, raw.length() - 1);
        // A zone id names a local interface; nothing fetched on a user's behalf should pick one.
        if (literal.indexOf('%') >= 0) {
            throw new IllegalArgumentException("IPv6 zone ids are not accepted: " + raw);
        }
        try {
            return new Ip(InetAddress.ofLiteral(literal));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + raw + "\" is not a valid IPv6 address");
        }
    }

    private static boolean endsInNumber(String label) {
        if (label.startsWith("0x")) {
            return label.substring(2).chars().allMatch(c -> c < 128 && Character.digit(c, 16) >= 0);
        }
        return !label.isEmpty() && label.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isDottedQuad(String[] labels) {
        if (labels.length != 4) {
            return false;
        }
        for (String label : labels) {
            boolean decimal =
                    !label.isEmpty() && label.length() <= 3 && label.chars().allMatch(c -> c >= '0' && c <= '9');
            // A leading zero means octal to inet_aton, so 010.0.0.1 is 8.0.0.1 there: refuse it.
            if (!decimal || (label.length() > 1 && label.charAt(0) == '0') || Integer.parseInt(label) > 255) {
                return false;
            }
        }
        return true;
    }
}
