package dev.easel.api;

import dev.easel.wire.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import tools.jackson.databind.node.ObjectNode;

/** Renders an {@link ApiException} as OpenAI's error object: {"error": {message, type, param, code}}. */
final class ErrorRenderer {
    private static final long DRAIN_LIMIT = 1L << 20;

    private ErrorRenderer() {}

    /**
     * An error may be found before the body was read (a wrong content type) or while reading it (a
     * malformed multipart body). Unread bytes left on a kept-alive connection would make the
     * client's next request on it fail, so read what is left, up to a small limit, and otherwise
     * tell the client that this connection closes.
     */
    private static void drain(Context ctx) {
        try {
            var in = ctx.req().getInputStream();
            long skipped = 0;
            byte[] buffer = new byte[8192];
            int n;
            while (skipped <= DRAIN_LIMIT && (n = in.read(buffer)) >= 0) {
                skipped += n;
            }
            if (skipped > DRAIN_LIMIT) {
                ctx.header("Connection", "close");
            }
        } catch (IOException | RuntimeException unreadable) {
            ctx.header("Connection", "close");
        }
    }

    static ObjectNode body(ApiException e) {
        ObjectNode error = Json.object();
        error.put("message", e.getMessage());
        error.put("type", e.type);
        error.put("param", e.param);
        error.put("code", e.code);
        ObjectNode root = Json.object();
        root.set("error", error);
        return root;
    }

    static void render(Context ctx, ApiException e) {
        drain(ctx);
        if (e.retryAfterSeconds > 0) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds));
            ctx.header("retry-after-ms", Long.toString(e.retryAfterSeconds * 1000L));
        }
        ctx.status(e.status).contentType("application/json").result(Json.write(body(e)));
    }
}
