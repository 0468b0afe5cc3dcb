package dev.easel.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.JsonNode;

/**
 * Why an {@code mcp_call} failed, as the SDKs' {@code McpToolCallError} union has it: the server
 * broke the protocol, the tool reported an error ({@code isError}, its content passed on), or the
 * HTTP exchange failed.
 */
@JsonTypeInfo(
        use = JsonTypeInfo.Id.NAME,
        include = JsonTypeInfo.As.EXISTING_PROPERTY,
        property = "type",
        visible = false)
@JsonSubTypes({
    @JsonSubTypes.Type(value = McpToolError.Protocol.class, name = "mcp_protocol_error"),
    @JsonSubTypes.Type(value = McpToolError.ToolExecution.class, name = "mcp_tool_execution_error"),
    @JsonSubTypes.Type(value = McpToolError.Http.class, name = "http_error")
})
public sealed interface McpToolError {
    @JsonProperty("type")
    String type();

    /** A JSON-RPC error from the server (its code and message). */
    @JsonPropertyOrder({"type", "code", "message"})
    record Protocol(int code, String message) implements McpToolError {
        @Override
        public String type() {
            return "mcp_protocol_error";
        }
    }

    /** The tool ran and reported failure; {@code content} is what it returned. */
    @JsonPropertyOrder({"type", "content"})
    record ToolExecution(JsonNode content) implements McpToolError {
        @Override
        public String type() {
            return "mcp_tool_execution_error";
        }
    }

    /** The HTTP exchange failed: the status (0 when none came, e.g. a timeout) and what happened. */
    @JsonPropertyOrder({"type", "code", "message"})
    record Http(int code, String message) implements McpToolError {
        @Override
        public String type() {
            return "http_error";
        }
    }
}
