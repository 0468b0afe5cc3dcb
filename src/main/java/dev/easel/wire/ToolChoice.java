package dev.easel.wire;

/**
 * {@code tool_choice}: auto, none, required, {@code {"type":"image_generation"}}, or
 * {@code {"type":"mcp","server_label":…,"name"?:…}} (a tool of that server, or a named one).
 */
public sealed interface ToolChoice {
    record Auto() implements ToolChoice {}

    record None() implements ToolChoice {}

    record Required() implements ToolChoice {}

    record ImageGeneration() implements ToolChoice {}

    /** {@code {"type": "web_search"}} (or a preview name, echoed as given). */
    record WebSearch(String type) implements ToolChoice {}

    record Mcp(String serverLabel, java.util.Optional<String> name) implements ToolChoice {}
}
