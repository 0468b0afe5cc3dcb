package dev.easel.tools.mcp;

import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** One tool a server lists: what {@code mcp_list_tools} needs (name, description, input schema, annotations). */
public record McpTool(
        String name, Optional<String> description, JsonNode inputSchema, Optional<McpToolAnnotations> annotations) {
    public McpTool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchema, "inputSchema");
        Objects.requireNonNull(annotations, "annotations");
    }
}
