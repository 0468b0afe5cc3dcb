package dev.easel.tools.planner;

import java.util.Objects;

/**
 * A function the planner asked to call.
 *
 * @param id unique within the conversation; the matching {@link ChatMessage.ToolResult} quotes it
 * @param argumentsJson the arguments as the planner wrote them, normally a JSON object; not
 *     validated here because models do write broken JSON, and the tool reports that back to them
 */
public record ToolCall(String id, String name, String argumentsJson) {
    public ToolCall {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("tool call id must not be blank");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("tool call name must not be blank");
        }
        Objects.requireNonNull(argumentsJson, "argumentsJson");
    }
}
