package dev.easel.api;

import dev.easel.auth.CorsOrigins;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CORS for the origins of {@code cors.allowed_origins}, and for them only: their preflights are
 * answered (204, before any API key is asked for, since browsers send none with a preflight), and
 * every answer to them, errors and streams included, carries {@code Access-Control-Allow-Origin}
 * and the headers a page may read. Other origins get no CORS headers, so their pages can neither
 * send a request that needs a preflight nor read an answer. {@code Allow-Credentials} is never
 * sent: API keys travel in {@code Authorization}, not in cookies.
 */
final class Cors {
    static final String ALLOW_METHODS = "GET, POST, DELETE, OPTIONS";
    static final String MAX_AGE_SECONDS = "600";

    /**
     * What the answers carry that a page reads, beyond the headers every page may read: OpenAI's
     * request id, timing and rate-limit headers, and the retry advice the OpenAI SDKs follow.
     */
    static final String EXPOSE_HEADERS = String.join(
            ", ",
            "x-request-id",
            "openai-processing-ms",
            "x-ratelimit-limit-requests",
            "x-ratelimit-remaining-requests",
            "x-ratelimit-reset-requests",
            "x-ratelimit-limit-images",
            "x-ratelimit-remaining-images",
            "x-ratelimit-reset-images",
            "retry-after",
            "retry-after-ms");

    /**
     * The request headers a listed origin's page may send: what the OpenAI JS SDK's browser build
     * ({@code dangerouslyAllowBrowser}) and the Vercel AI SDK send, and the {@code x-stainless-}
     * family of the first ({@link #SDK_HEADERS}).
     */
    private static final Set<String> REQUEST_HEADERS = Set.of(
            "authorization",
            "content-type",
            "accept",
            "user-agent",
            "openai-organization",
            "openai-project",
            "openai-beta");

    /** The OpenAI SDKs' platform and retry headers: x-stainless-lang, -retry-count, -timeout, ... */
    private static final String SDK_HEADERS = "x-stainless-";

    private final CorsOrigins allowed;

    Cors(CorsOrigins allowed) {
        this.allowed = allowed;
    }

    /**
     * Before anything else answers: with origins configured, every answer varies with
     * {@code Origin}; a listed origin's answer may be read by its page.
     */
    void headers(Context ctx) {
        if (allowed.isEmpty()) {
            return;
        }
        ctx.res().addHeader("Vary", "Origin");
        String origin = ctx.header("Origin");
        if (origin != null && allowed.allows(origin)) {
            // As sent: the browser compares the header with its own spelling of the origin.
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        }
    }

    /**
     * Answers a listed origin's preflight ({@code OPTIONS} with {@code
     * Access-Control-Request-Method}) with 204 and what its request may use; false for any other
     * request, which goes on as before.
     */
    boolean preflight(Context ctx) {
        String origin = ctx.header("Origin");
        if (!ctx.method().name().equals("OPTIONS")
                || ctx.header("Access-Control-Request-Method") == null
                || origin == null
                || !allowed.allows(origin)) {
            return false;
        }
        ctx.header("Access-Control-Allow-Methods", ALLOW_METHODS);
        List<String> headers = allowedHeaders(ctx.header("Access-Control-Request-Headers"));
        if (!headers.isEmpty()) {
            ctx.header("Access-Control-Allow-Headers", String.join(", ", headers));
        }
        ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
        ctx.status(HttpStatus.NO_CONTENT);
        return true;
    }

    /**
     * The names of {@code Access-Control-Request-Headers} that may be sent, lower case; a name
     * that is not an HTTP token, or not one of the SDKs', is left out, and the browser then
     * refuses to send the request (saying which header was not allowed).
     */
    static List<String> allowedHeaders(String requested) {
        List<String> out = new ArrayList<>();
        if (requested == null) {
            return out;
        }
        for (String part : requested.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (isToken(name)
                    && (REQUEST_HEADERS.contains(name) || name.startsWith(SDK_HEADERS))
                    && !out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    /** RFC 9110's token: one or more of ALPHA, DIGIT and {@code !#$%&'*+-.^_`|~}. */
    private static boolean isToken(String name) {
        return !name.isEmpty()
                && name.chars()
                        .allMatch(c -> c < 0x7f && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0));
    }
}
