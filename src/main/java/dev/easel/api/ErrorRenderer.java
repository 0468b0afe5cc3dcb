package dev.easel.api;

import io.javalin.http.Context;
import tools.jackson.databind.node.ObjectNode;

/** Renders an {@link ApiError} as OpenAI's error object: {"error": {message, type, param, code}}. */
final class ErrorRenderer {
    private ErrorRenderer() {}

    static ObjectNode body(ApiError e) {
        ObjectNode error = Json.object();
        error.put("message", e.getMessage());
        error.put("type", e.type);
        error.put("param", e.param);
        error.put("code", e.code);
        ObjectNode root = Json.object();
        root.set("error", error);
        return root;
    }

    static void render(Context ctx, ApiError e) {
        if (e.retryAfterSeconds > 0) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds));
            ctx.header("retry-after-ms", Long.toString(e.retryAfterSeconds * 1000L));
        }
        ctx.status(e.status).contentType("application/json").result(Json.write(body(e)));
    }
}
