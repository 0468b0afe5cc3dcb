package dev.easel.safety;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A URL that passed {@link UrlGuard#check}, with the addresses it was checked against. Whoever
 * connects must connect to one of these addresses, never look the host up again.
 */
public record VettedUrl(URI uri, List<InetAddress> addresses) {
    public VettedUrl {
        Objects.requireNonNull(uri, "uri");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a vetted URL has at least one address");
        }
    }
}
