package dev.easel.api;

import dev.easel.wire.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The playground: a page at {@code /} and its assets at {@code /playground/NAME}, static files in the jar
 * (src/main/resources/playground), read once at start. The page is public (it holds no data; a key typed
 * into it is sent by the page as a bearer token); everything it shows comes from the public API. Its
 * Content-Security-Policy lets it load and fetch from this server only: no inline script, no other origin,
 * no framing.
 */
final class PlaygroundRoutes {
    /** The playground's files; a missing one is a packaging error, found at start. */
    static final List<String> ASSETS = List.of(
            "index.html",
            "style.css",
            "app.js",
            "api.js",
            "conversation.js",
            "mask.js",
            "tools.js",
            "history.js",
            "icon.svg");

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Asset(byte[] bytes, String contentType, String etag) {}

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    PlaygroundRoutes() {
        for (String name : ASSETS) {
            assets.put(name, load(name));
        }
    }

    /** {@code GET /}: the page. */
    void index(Context ctx) {
        serve(ctx, assets.get("index.html"));
    }

    /** {@code GET /playground/{name}}: one of its assets. */
    void asset(Context ctx) {
        Asset asset = assets.get(ctx.pathParam("name"));
        if (asset == null) {
            throw ApiException.notFound("Invalid URL (" + ctx.method() + " " + ctx.path() + ")");
        }
        serve(ctx, asset);
    }

    /** Whether a path is the playground's (public: served without an API key). */
    static boolean isPlayground(String path) {
        return path.equals("/") || path.startsWith("/playground/");
    }

    private static void serve(Context ctx, Asset asset) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", asset.etag());
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }

    private static Asset load(String name) {
        try (InputStream in = PlaygroundRoutes.class.getResourceAsStream("/playground/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the playground's " + name + " is missing from the jar");
            }
            byte[] bytes = in.readAllBytes();
            String etag = "\""
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + "\"";
            return new Asset(bytes, contentType(name), etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String contentType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> throw new IllegalStateException("no content type for the playground's " + name);
        };
    }
}
