package dev.easel.tools.search;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to search for.
 *
 * @param count how many results are wanted
 * @param country the user's approximate country (ISO-2), for providers that localize
 * @param allowedDomains results only from these domains and their subdomains; empty for any
 */
public record SearchQuery(String query, int count, Optional<String> country, List<String> allowedDomains) {
    public SearchQuery {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(country, "country");
        allowedDomains = List.copyOf(allowedDomains);
        if (count < 1 || count > 50) {
            throw new IllegalArgumentException("count must be 1-50");
        }
    }

    /** Whether a result's URL is on an allowed domain (every URL when there is no filter). */
    public boolean allows(String url) {
        if (allowedDomains.isEmpty()) {
            return true;
        }
        String host;
        try {
            host = java.net.URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return allowedDomains.stream().anyMatch(d -> h.equals(d) || h.endsWith("." + d));
    }
}
