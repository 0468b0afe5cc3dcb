package dev.easel.tools.mcp;

import java.util.List;
import java.util.Objects;

/**
 * Why talking to an MCP server failed, in the kinds of OpenAI's {@code mcp_call.error}: a protocol
 * error ({@code mcp_protocol_error}: a JSON-RPC error, a malformed answer, or no answer in time), a
 * tool execution error ({@code mcp_tool_execution_error}: the tool ran and said {@code isError}),
 * an HTTP error ({@code http_error}: a non-2xx answer, a redirect included since none is followed),
 * and one more that OpenAI folds into {@code http_error}: the server could not be reached at all
 * (URL refused by the guard, connection refused, connect timeout, TLS failure), which has no status.
 *
 * <p>Messages never contain the bearer token or header values.
 */
public sealed interface McpError
        permits McpError.ProtocolError, McpError.ToolExecutionError, McpError.HttpError, McpError.Unreachable {
    /** JSON-RPC's code for an internal error, used for answers that were not valid MCP. */
    int INTERNAL_ERROR = -32603;
    /** JSON-RPC's invalid params, for arguments that are not a JSON object. */
    int INVALID_PARAMS = -32602;
    /** The code the TypeScript SDK uses for a request that got no answer in time. */
    int REQUEST_TIMEOUT = -32001;

    String message();

    record ProtocolError(int code, String message) implements McpError {
        public ProtocolError {
            Objects.requireNonNull(message, "message");
        }
    }

    record ToolExecutionError(List<McpContent> content) implements McpError {
        public ToolExecutionError {
            content = List.copyOf(content);
        }

        @Override
        public String message() {
            String text = String.join(
                    "\n",
                    content.stream()
                            .flatMap(c -> c instanceof McpContent.Text t ? java.util.stream.Stream.of(t.text()) : null)
                            .toList());
            return text.isEmpty() ? "the tool reported an error" : text;
        }
    }

    record HttpError(int status, String message) implements McpError {
        public HttpError {
            if (status < 100 || status > 999) {
                throw new IllegalArgumentException("status must be an HTTP status, not " + status);
            }
            Objects.requireNonNull(message, "message");
        }
    }

    record Unreachable(String message) implements McpError {
        public Unreachable {
            Objects.requireNonNull(message, "message");
        }
    }
}
