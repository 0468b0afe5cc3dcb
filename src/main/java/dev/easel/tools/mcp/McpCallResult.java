package dev.easel.tools.mcp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What {@code tools/call} answered: the content parts, the optional {@code structuredContent}, and
 * whether the server flagged the result as a tool execution error ({@code isError}).
 */
public record McpCallResult(List<McpContent> content, Optional<JsonNode> structuredContent, boolean isError) {
    public McpCallResult {
        content = List.copyOf(content);
        Objects.requireNonNull(structuredContent, "structuredContent");
    }

    /** The text parts, in order. */
    public List<String> texts() {
        return content.stream()
                .flatMap(c -> c instanceof McpContent.Text t ? java.util.stream.Stream.of(t.text()) : null)
                .toList();
    }

    /** The image parts, in order. */
    public List<McpContent.Image> images() {
        return content.stream()
                .flatMap(c -> c instanceof McpContent.Image i ? java.util.stream.Stream.of(i) : null)
                .toList();
    }

    /** The tool execution error this result stands for, when the server set {@code isError}. */
    public Optional<McpError.ToolExecutionError> error() {
        return isError ? Optional.of(new McpError.ToolExecutionError(content)) : Optional.empty();
    }
}
