package dev.easel.safety;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which non-public destinations the operator lets user-supplied URLs reach; public addresses are
 * always reachable. Configured as {@code url.allow} ({@code EASEL_URL_ALLOW}), a comma-separated list such as
 * {@code images.corp.example,127.0.0.1:8081,localhost:9000,[::1]:8080}:
 *
 * <ul>
 *   <li>A domain ({@code images.corp.example}) allows that host and every subdomain, on any port,
 *       whatever they resolve to, private addresses included: listing a domain means trusting its
 *       DNS. List a host:port instead where that is too broad.
 *   <li>A host:port ({@code localhost:9000}, {@code [::1]:8080}) allows that host on that port
 *       only. When the host is an IP address, any name resolving to that address also passes on
 *       that port, so an internal name for an allowed service works.
 * </ul>
 *
 * Cloud metadata names ({@code metadata.google.internal} …) are refused even when listed.
 */
public record UrlPolicy(List<String> allowedDomains, List<HostPort> allowedHostPorts) {
    /** The environment variable that sets the allow-list, for messages that tell an operator how to allow more. */
    public static final String ENV = "EASEL_URL_ALLOW";

    public UrlPolicy {
        allowedDomains = allowedDomains.stream().map(UrlPolicy::domain).toList();
        allowedHostPorts = List.copyOf(allowedHostPorts);
    }

    /** Public addresses only: what an empty allow-list means. */
    public static UrlPolicy publicOnly() {
        return new UrlPolicy(List.of(), List.of());
    }

    /**
     * @throws IllegalArgumentException naming the first entry that is neither a domain nor a
     *     host:port, so a typo stops the server at startup instead of silently allowing less
     */
    public static UrlPolicy parse(String list) {
        List<String> domains = new ArrayList<>();
        List<HostPort> hostPorts = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            try {
                if (entry.startsWith("[") || entry.contains(":")) {
                    hostPorts.add(HostPort.parse(entry));
                } else {
                    domains.add(domain(entry));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "entry \"" + entry + "\" is neither a domain"
                                + " (example.com) nor a host:port (127.0.0.1:8081, [::1]:8080): " + e.getMessage(),
                        e);
            }
        }
        return new UrlPolicy(domains, hostPorts);
    }

    /** Whether the operator allows reaching this non-public address for a URL naming this host and port. */
    boolean permits(Host host, InetAddress address, int port) {
        if (host instanceof Host.Name name && allowedDomains.stream().anyMatch(name::isOrIsUnder)) {
            return true;
        }
        return allowedHostPorts.stream().anyMatch(allowed -> allowed.port() == port && allowed.matches(host, address));
    }

    private static String domain(String entry) {
        if (!(Host.parse(entry) instanceof Host.Name name) || entry.endsWith(".")) {
            throw new IllegalArgumentException("a domain is a host name; an IP address needs a port");
        }
        return name.name();
    }

    /** One host allowed on one port. The host is a lower-case name or an IP literal, IPv6 without brackets. */
    public record HostPort(String host, int port) {
        public HostPort {
            Objects.requireNonNull(host, "host");
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            host = host.toLowerCase(Locale.ROOT);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
            }
            target(host);
        }

        static HostPort parse(String entry) {
            int colon = entry.lastIndexOf(':');
            String host = entry.substring(0, Math.max(colon, 0));
            String port = entry.substring(colon + 1);
            if (colon < 0
                    || port.isEmpty()
                    || port.length() > 5
                    || !port.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("missing or invalid port");
            }
            boolean bracketed = host.startsWith("[") && host.endsWith("]");
            if (!bracketed && host.contains(":")) {
                throw new IllegalArgumentException("write IPv6 addresses in brackets, like [::1]:8080");
            }
            return new HostPort(host, Integer.parseInt(port));
        }

        boolean matches(Host urlHost, InetAddress address) {
            return switch (target(host)) {
                case Host.Name name -> name.equals(urlHost);
                case Host.Ip ip -> ip.address().equals(address);
            };
        }

        private static Host target(String host) {
            Host parsed = Host.parse(host.contains(":") ? "[" + host + "]" : host);
            if (host.endsWith(".")) {
                throw new IllegalArgumentException("write the host without a trailing dot");
            }
            return parsed;
        }
    }
}
