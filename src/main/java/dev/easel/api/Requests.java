package dev.easel.api;

import dev.easel.wire.ApiException;
import dev.easel.engine.GenerationCancelledException;
import io.javalin.http.Context;
import jakarta.servlet.http.Part;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Small request helpers shared by the routes. */
final class Requests {
    private static final Logger log = LoggerFactory.getLogger(Requests.class);

    private Requests() {}

    /** The body as a JSON object, or the OpenAI error for a body that is not one. */
    static JsonNode jsonObject(Context ctx) {
        String type = ctx.contentType();
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw ApiException.unsupportedMediaType(
                    null, "Unsupported content type '" + type + "'; send application/json.");
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.bodyAsBytes());
        } catch (JacksonException e) {
            throw ApiException.invalid(
                    null,
                    "invalid_json",
                    "We could not parse the JSON body of your request. "
                            + "(HINT: This likely means you aren't using your HTTP library correctly.)");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.invalid(null, "invalid_json", "The request body must be a JSON object.");
        }
        return body;
    }

    /**
     * The parts of a multipart/form-data body, or the OpenAI error for one that does not parse.
     * Parses the body once (Jetty caches the parts). Jetty reports a body past the configured
     * multipart size limit, which is how a chunked upload without a Content-Length is caught, as an
     * IllegalStateException "max length exceeded" inside its "bad multipart" exception.
     */
    static Collection<Part> multipartParts(Context ctx) {
        try {
            ctx.uploadedFiles(); // installs Javalin's multipart configuration on the request
            return ctx.req().getParts();
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalStateException
                        && String.valueOf(t.getMessage()).contains("max length exceeded")) {
                    throw ApiException.tooLarge(null, "The request body is larger than this server accepts.");
                }
            }
            throw ApiException.invalid(null, "invalid_multipart", "The multipart/form-data body could not be parsed.");
        }
    }

    /** scheme://host[:port] as the client addressed this server. */
    static String baseUrl(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }

    /** The API error for an exception out of the engine or the queue. */
    static ApiException engineFailure(Throwable cause) {
        return switch (cause) {
            case ApiException api -> api;
            case dev.easel.wire.ApiException bad ->
                ApiException.invalid(bad.param(), bad.code(), bad.getMessage());
            case GenerationCancelledException c ->
                new ApiException(499, "invalid_request_error", "cancelled", null, "The request was cancelled.", 0);
            case IllegalArgumentException bad -> ApiException.invalid(null, bad.getMessage());
            case UnsupportedOperationException unsupported -> ApiException.invalid("model", unsupported.getMessage());
            default -> {
                log.error("image generation failed", cause);
                yield ApiException.server("Image generation failed on the server; see the server log.");
            }
        };
    }
}
