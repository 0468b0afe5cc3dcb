package dev.easel.api;

import dev.easel.wire.ApiException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors as OpenAI's error object: requests refused before any route sees them (a
 * malformed request line or header, a URI with a NUL or a bad escape, headers or a URI too long,
 * an unknown HTTP version or transfer coding). Jetty answers an unknown version with 505 and an
 * unknown transfer coding with 501; both are the client's mistake, so they are 400s here, and no
 * input gets a 5xx. Installed on the server and on the servlet context, in place of Jetty's HTML
 * pages.
 */
final class ProtocolErrorHandler extends ErrorHandler {
    /** Every method gets the error object: Jetty's default leaves a DELETE's or OPTIONS' error empty. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        int status = code == 501 || code == 505 ? 400 : code < 400 ? 500 : code;
        ApiException error = new ApiException(
                status,
                status >= 500 ? ApiException.ErrorType.SERVER : ApiException.ErrorType.INVALID_REQUEST,
                Optional.of(code(status)),
                Optional.empty(),
                message(status, message));
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        byte[] body = Json.write(ErrorRenderer.body(error)).getBytes(StandardCharsets.UTF_8);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static String code(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 413 -> "request_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "request_header_fields_too_large";
            default -> status >= 500 ? "server_error" : "invalid_request";
        };
    }

    /** Jetty's reason ("Bad chunking", "Ambiguous URI empty segment"), never an exception's text. */
    private static String message(int status, String reason) {
        if (status >= 500) {
            return "The server had an error while processing your request.";
        }
        String prefix = "The request is not valid HTTP/1.1 as this server reads it";
        if (reason == null || reason.isBlank() || reason.contains("Exception") || reason.length() > 200) {
            return prefix + " (HTTP " + status + ").";
        }
        return prefix + ": " + reason.replaceAll("[\\p{Cntrl}]", "?") + ".";
    }
}
