package dev.easel.api;

import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Malformed messages on {@code /mcp}, answered in JSON-RPC's error shape without Java internals.
 * The SDK answers a message it cannot deserialize with its exception serialized as a bean (class
 * names, {@code cause}, {@code localizedMessage}), and a message that breaks its handling (a body
 * of {@code null}) with a 500. So the envelope is checked here first ({@link #envelopeProblem}),
 * and the error bodies the SDK still writes are rewritten ({@link Rewriting}).
 */
final class McpErrors {
    private McpErrors() {}

    /**
     * Why {@code message} is no JSON-RPC 2.0 message as MCP has them, or empty: an object with
     * {@code "jsonrpc": "2.0"}, a string {@code method} (a request or notification) or an
     * {@code id} (a response), an id that is a string or an integer, params that are an object.
     */
    static Optional<String> envelopeProblem(JsonNode message) {
        if (message == null || !message.isObject()) {
            return Optional.of("A message must be a JSON-RPC 2.0 object (batches are not supported).");
        }
        if (!"2.0".equals(message.path("jsonrpc").asString(""))
                || !message.path("jsonrpc").isString()) {
            return Optional.of("A message must have \"jsonrpc\": \"2.0\".");
        }
        JsonNode method = message.get("method");
        JsonNode id = message.get("id");
        if (method != null && !method.isString()) {
            return Optional.of("A message's \"method\" must be a string.");
        }
        if (method == null && id == null) {
            return Optional.of(
                    "A message must have a \"method\" (a request or notification) or an \"id\" (a response).");
        }
        if (id != null && !(id.isString() || (id.isIntegralNumber() && id.canConvertToLong()))) {
            return Optional.of("A message's \"id\" must be a string or an integer (at most 2^63 - 1).");
        }
        JsonNode params = message.get("params");
        if (params != null && !params.isObject()) {
            return Optional.of("A message's \"params\" must be an object.");
        }
        return Optional.empty();
    }

    /**
     * The response the SDK writes, with an error body (status 400 or more, written through the
     * writer) held back until {@link #finish}, which writes it again in JSON-RPC's shape. A 500
     * the SDK writes while it handles a POSTed message is that message's fault (its handlers
     * answer tool failures as results), so it becomes a 400 invalid request.
     */
    static final class Rewriting extends HttpServletResponseWrapper {
        private int status = SC_OK;
        private StringWriter held;

        Rewriting(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
            if (sc < 400) {
                super.setStatus(sc);
            }
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (status < 400) {
                return super.getWriter();
            }
            if (held == null) {
                held = new StringWriter();
            }
            return new PrintWriter(held);
        }

        /** Nothing is sent while an error is held: a flush would commit the status before {@link #finish}. */
        @Override
        public void flushBuffer() throws IOException {
            if (status < 400) {
                super.flushBuffer();
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (status >= 400 && held == null) {
                super.setStatus(status);
            }
            return super.getOutputStream();
        }

        /** Writes the held error, if any, as {@code {"jsonrpc": "2.0", "id": null, "error": {code, message}}}. */
        void finish() throws IOException {
            if (status < 400) {
                return;
            }
            if (held == null) {
                if (!isCommitted()) {
                    super.setStatus(status);
                }
                return;
            }
            int code = McpSchema.ErrorCodes.INVALID_REQUEST;
            String message = "The message could not be handled.";
            try {
                JsonNode written = Json.MAPPER.readTree(held.toString());
                JsonNode error = written.has("jsonRpcError") ? written.get("jsonRpcError") : written.path("error");
                if (error.path("code").isInt()) {
                    code = error.get("code").asInt();
                }
                message = clean(error.path("message").asString(message));
            } catch (JacksonException notJson) {
                // the generic message above
            }
            var body = Json.object();
            body.put("jsonrpc", "2.0");
            body.putNull("id");
            body.putObject("error").put("code", code).put("message", message);
            super.setStatus(status >= 500 ? SC_BAD_REQUEST : status);
            super.setContentType("application/json");
            super.setCharacterEncoding("UTF-8");
            byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
            super.setContentLength(bytes.length);
            super.getOutputStream().write(bytes);
        }

        /** The SDK's words up to the exception it quotes ("Invalid message format: tools.jackson..."). */
        private static String clean(String message) {
            int internals = message.indexOf(": ");
            boolean quotesJava = message.contains("Exception")
                    || message.contains("java.")
                    || message.contains("tools.jackson")
                    || message.contains("io.modelcontextprotocol");
            if (!quotesJava) {
                return message;
            }
            String head = internals > 0 ? message.substring(0, internals) : "The message could not be handled";
            return head + ": the message does not match the MCP schema.";
        }
    }
}
