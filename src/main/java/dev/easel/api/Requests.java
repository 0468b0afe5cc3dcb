package dev.easel.api;

import dev.easel.engine.GenerationCancelledException;
import dev.easel.wire.ApiException;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** Small request helpers shared by the routes. */
final class Requests {
    private static final Logger log = LoggerFactory.getLogger(Requests.class);

    private Requests() {}

    /**
     * The Content-Type header as sent, lower-cased, or empty. Not the servlet's
     * {@code getContentType()}, which looks up the charset it names and throws on one that is not a
     * charset name.
     */
    /** The most of a refused body read and dropped, so that the refusal reaches the client. */
    static final long DISCARD_BYTES = 8L << 20;

    /**
     * Reads and drops a body that is refused unread (too large), up to {@link #DISCARD_BYTES},
     * since closing with the client's bytes still unread makes
     * the kernel reset the connection, and the client may lose the answer.
     */
    static void discard(jakarta.servlet.http.HttpServletRequest req) {
        try {
            if (req.getContentLengthLong() <= DISCARD_BYTES) {
                req.getInputStream().skipNBytes(req.getContentLengthLong());
            }
        } catch (java.io.IOException | RuntimeException e) {
            // the client stopped sending: nothing more to drop
        }
    }

    static String contentType(Context ctx) {
        return Optional.ofNullable(ctx.header("Content-Type")).orElse("").toLowerCase(Locale.ROOT);
    }

    /** The body as a JSON object, or the OpenAI error for a body that is not one. */
    static JsonNode jsonObject(Context ctx) {
        String type = contentType(ctx);
        if (!type.isEmpty() && !type.startsWith("application/json")) {
            throw ApiException.unsupportedMediaType(
                    null, "Unsupported content type '" + type + "'; send application/json.");
        }
        JsonNode body = RequestJson.read(bytes(ctx));
        if (body == null || !body.isObject()) {
            throw ApiException.invalid(null, "invalid_json", "The request body must be a JSON object.");
        }
        return body;
    }

    /** The whole body; one that cannot be read (cut short, broken chunked encoding) is a 400. */
    static byte[] bytes(Context ctx) {
        try {
            return ctx.bodyAsBytes();
        } catch (Exception e) { // Kotlin's Javalin may throw Jetty's IOExceptions undeclared
            throw unreadableBody(e)
                    .orElseThrow(() -> e instanceof RuntimeException r ? r : new IllegalStateException(e));
        }
    }

    /**
     * The 400 for a failure to read the request body, when that is what {@code failure} is: the
     * connection's input ended before the body did (Jetty's EOF somewhere in its causes), or Jetty
     * found the body's framing malformed (a 4xx {@link HttpException}, e.g. bad chunked encoding).
     */
    static Optional<ApiException> unreadableBody(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EofException) {
                return Optional.of(ApiException.invalid(
                        null,
                        "incomplete_body",
                        "The request body could not be read to its end: it ended before the length it announced"
                                + " (Content-Length), or its chunked encoding is malformed."));
            }
            if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return Optional.of(ApiException.invalid(
                        null,
                        "invalid_body",
                        "The request body could not be read: its framing is malformed ("
                                + Objects.requireNonNullElse(http.getReason(), "HTTP " + http.getCode()) + ")."));
            }
        }
        return Optional.empty();
    }

    /** The API error for an exception out of the engine or the queue. */
    static ApiException engineFailure(Throwable cause) {
        return switch (cause) {
            case ApiException api -> api;
            case GenerationCancelledException c -> ApiException.cancelled();
            case IllegalArgumentException bad -> ApiException.invalid(null, bad.getMessage());
            case UnsupportedOperationException unsupported -> ApiException.invalid("model", unsupported.getMessage());
            default -> {
                log.error("image generation failed", cause);
                yield ApiException.server("Image generation failed on the server; see the server log.");
            }
        };
    }
}
