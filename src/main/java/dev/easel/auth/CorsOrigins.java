package dev.easel.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The web origins whose pages may call the API from a browser ({@code cors.allowed_origins}):
 * each {@code scheme://host[:port]}, http or https, held in its canonical form (scheme and host in
 * lower case, the scheme's default port left out), so a request's {@code Origin} matches however
 * either side spells it. {@code *} is refused: requests carry API keys, and a page of any site
 * must not be able to use a visitor's. Empty: no page of another site may use the API.
 */
public record CorsOrigins(Set<String> origins) {
    private static final String EXAMPLE = "https://app.example.com";

    public CorsOrigins {
        origins = Set.copyOf(origins);
        for (String origin : origins) {
            if (!canonical(origin).equals(Optional.of(origin))) {
                throw new IllegalArgumentException("not a canonical origin: " + origin);
            }
        }
    }

    public static CorsOrigins none() {
        return new CorsOrigins(Set.of());
    }

    /**
     * {@code https://a.example,http://localhost:5173} → those origins; an entry may end in one
     * {@code /}, as a copied address does.
     *
     * @throws IllegalArgumentException for {@code *}, or an entry that is not an http(s) origin
     */
    public static CorsOrigins parse(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("*")) {
                throw new IllegalArgumentException("'" + entry + "' is not accepted: requests carry API keys, so"
                        + " name each origin whose pages may use them, like " + EXAMPLE);
            }
            String bare = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
            out.add(canonical(bare)
                    .orElseThrow(() -> new IllegalArgumentException("entries are origins like " + EXAMPLE
                            + " (http or https, a host, and a port where it is not the default), got '" + entry
                            + "'")));
        }
        return new CorsOrigins(out);
    }

    public boolean isEmpty() {
        return origins.isEmpty();
    }

    /** Whether a request's {@code Origin} header names one of these origins. */
    public boolean allows(String origin) {
        return !origins.isEmpty() && canonical(origin).map(origins::contains).orElse(false);
    }

    /** {@code HTTPS://App.Example:443} → {@code https://app.example}; empty for anything but an http(s) origin. */
    static Optional<String> canonical(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || !uri.getRawPath().isEmpty()
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return Optional.empty();
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || port == (scheme.equals("https") ? 443 : 80);
        return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    }
}
