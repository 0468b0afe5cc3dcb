package dev.easel.api;

import dev.easel.wire.ApiException;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Browsers' cross-site requests are refused: a request that changes something (any method but
 * GET, HEAD and OPTIONS) with an {@code Origin} header that is not the page's own site (the
 * {@code Host} it was sent to) is a 403, so a web page elsewhere cannot use a server on the
 * visitor's machine or network. Clients that are not browsers send no {@code Origin}. No CORS
 * headers are sent, so browsers also keep other sites from reading the answers.
 */
final class Origins {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private Origins() {}

    static void check(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || SAFE.contains(ctx.method().name())) {
            return;
        }
        String host = ctx.header("Host");
        if (host != null && sameSite(origin, host)) {
            return;
        }
        throw ApiException.forbidden("Cross-origin requests from web pages are refused (Origin "
                + (origin.length() > 100 ? origin.substring(0, 100) + "…" : origin) + ").");
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
