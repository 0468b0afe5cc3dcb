package dev.easel.api;

import dev.easel.auth.ApiKeys;
import dev.easel.auth.Caller;
import dev.easel.wire.ApiException;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;

/**
 * API keys at the edge: every route but {@code /health}, the signed image URLs and the playground's static
 * files needs
 * {@code Authorization: Bearer KEY} when the server has keys (else every request is
 * {@link Caller#OPEN}); {@code /metrics} needs an admin key. A refusal is OpenAI's 401
 * {@code invalid_api_key} (403 for a user key on an admin route) and never shows the key that was
 * sent. The {@link Caller} goes with the request, for ownership.
 */
final class Auth {
    static final String CALLER = "easel.caller";
    static final String CHALLENGE = "Bearer realm=\"easel\"";
    private static final String BEARER = "bearer ";

    private final Optional<ApiKeys> keys;

    /** @param keys the server's keys (the store's too, so a key made while it runs counts); empty: none ever */
    Auth(Optional<ApiKeys> keys) {
        this.keys = keys;
    }

    /** The before-handler: authenticates, or throws the 401/403 to render. */
    void before(Context ctx) {
        String path = ctx.path();
        if (isPublic(path)) {
            return;
        }
        Caller caller;
        try {
            caller = authenticate(ctx.header("Authorization"));
        } catch (ApiException e) {
            ctx.header("WWW-Authenticate", CHALLENGE);
            throw e;
        }
        if (path.equals("/metrics") && !caller.isAdmin()) {
            throw ApiException.forbidden("The metrics need an admin API key.");
        }
        ctx.attribute(CALLER, caller);
    }

    /**
     * The paths served without a key: {@code /health}; the image URLs, which carry their own signature
     * ({@link ImageUrls}), so an {@code <img>} can show them; the playground's static page, which holds
     * nothing (a key typed into it goes with its requests).
     */
    static boolean isPublic(String path) {
        return path.equals("/health") || path.startsWith(ImageUrls.PATH) || PlaygroundRoutes.isPlayground(path);
    }

    /** Whether requests must bring a key: the server has one (made before or while it runs). */
    boolean required() {
        return keys.isPresent() && keys.get().required();
    }

    /** The caller a request's Authorization header makes it. */
    Caller authenticate(String authorization) {
        if (!required()) {
            return Caller.OPEN;
        }
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("You didn't provide an API key. You need to provide your API key in an"
                    + " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        }
        String value = authorization.strip();
        if (!value.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            throw ApiException.unauthorized("The Authorization header must be 'Bearer YOUR_KEY'.");
        }
        return keys.get()
                .authenticate(value.substring(BEARER.length()).strip())
                .orElseThrow(() -> ApiException.unauthorized("Incorrect API key provided."));
    }

    /** The caller of this request (set by {@link #before}). */
    static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new IllegalStateException("no caller on " + ctx.path() + ": the auth before-handler did not run");
        }
        return caller;
    }
}
