package dev.easel.api;

import dev.easel.auth.CorsOrigins;
import dev.easel.wire.ApiException;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Browsers' cross-site requests are refused: a request that changes something (any method but
 * GET, HEAD and OPTIONS) with an {@code Origin} header that is neither the page's own site (the
 * {@code Host} it was sent to) nor one of {@code cors.allowed_origins} is a 403, so a web page
 * elsewhere cannot use a server on the visitor's machine or network. Clients that are not browsers
 * send no {@code Origin}. Only the listed origins get CORS headers ({@link Cors}), so browsers
 * also keep every other site from reading the answers.
 */
final class Origins {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private Origins() {}

    static void check(Context ctx, CorsOrigins allowed) {
        String origin = ctx.header("Origin");
        if (origin == null || SAFE.contains(ctx.method().name()) || allowed.allows(origin)) {
            return;
        }
        String host = ctx.header("Host");
        if (host != null && sameSite(origin, host)) {
            return;
        }
        throw ApiException.forbidden("Cross-origin requests from web pages are refused (Origin "
                + (origin.length() > 100 ? origin.substring(0, 100) + "…" : origin) + ").");
    }

    /**
     * On a loopback server without API keys, only loopback names (or the configured public URL's
     * host) may be in {@code Host}: a web page that rebinds its own name to 127.0.0.1 (DNS
     * rebinding) reaches the port with its name as the Host, and is refused.
     */
    static void checkHost(Context ctx, java.util.Optional<URI> publicUrl) {
        String header = ctx.header("Host");
        String host = header == null ? "" : hostOf(header.toLowerCase(Locale.ROOT));
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        boolean configured = publicUrl
                .map(u -> host.equals(u.getHost().toLowerCase(Locale.ROOT)))
                .orElse(false);
        if (!loopback && !configured) {
            throw ApiException.forbidden("This server answers to its loopback names only (Host "
                    + (host.length() > 100 ? host.substring(0, 100) + "…" : host)
                    + "); set public_url to the name clients use, or serve with API keys.");
        }
    }

    private static String hostOf(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end < 0 ? hostHeader : hostHeader.substring(0, end + 1);
        }
        int colon = hostHeader.indexOf(':');
        return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    }

    private static boolean sameSite(String origin, String host) {
        try {
            URI uri = new URI(origin);
            if (uri.getHost() == null) {
                return false;
            }
            String authority = uri.getRawAuthority().toLowerCase(Locale.ROOT);
            String h = host.toLowerCase(Locale.ROOT);
            if (authority.equals(h)) {
                return true;
            }
            // Default ports: an Origin leaves them out when the Host may not, or the reverse.
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            return (uri.getHost().toLowerCase(Locale.ROOT) + ":" + port).equals(h.contains(":") ? h : h + ":" + port);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
