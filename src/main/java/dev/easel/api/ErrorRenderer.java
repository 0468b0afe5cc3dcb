package dev.easel.api;

import dev.easel.wire.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.MultiPartFormData;
import tools.jackson.databind.node.ObjectNode;

/** Renders an {@link ApiException} as OpenAI's error object: {"error": {message, type, param, code}}. */
final class ErrorRenderer {
    private static final long DRAIN_LIMIT = 1L << 20;

    /** The request attribute in which Jetty caches a multipart parse, as a future of its parts. */
    private static final String MULTIPART_PARSE = MultiPartFormData.class.getName();

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

    /**
     * Jetty caches a multipart parse in a request attribute, a failed one as a failed future. As
     * the exchange completes, after the response has been sent, Jetty (12.1, in
     * HttpChannelState.completeStream) closes the cached parts to delete their temporary files,
     * and so rethrows a cached failure; that exception aborts the connection. The client, told
     * nothing (no {@code Connection: close}), then sends its next request on a closed connection.
     * A failed parse has already released its parts, so there is nothing left to clean up: forget
     * it, and the connection is kept alive as any other.
     */
    private static void forgetFailedMultipart(Context ctx) {
        if (ctx.req().getAttribute(MULTIPART_PARSE) instanceof CompletableFuture<?> parts
                && parts.isCompletedExceptionally()) {
            ctx.req().removeAttribute(MULTIPART_PARSE);
        }
    }

    /** The body: {@code {"error": {message, type, param, code}}}. */
    static ObjectNode body(ApiException e) {
        ObjectNode root = Json.object();
        root.set("error", Json.MAPPER.valueToTree(e.toErrorObject()));
        return root;
    }

    static void render(Context ctx, ApiException e) {
        forgetFailedMultipart(ctx);
        drain(ctx);
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
            ctx.header("retry-after-ms", Long.toString(e.retryAfterSeconds() * 1000L));
        }
        ctx.status(e.status()).contentType("application/json").result(Json.write(body(e)));
    }
}
