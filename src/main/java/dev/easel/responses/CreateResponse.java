package dev.easel.responses;

import dev.easel.wire.ImageTool;
import dev.easel.wire.McpToolSpec;
import dev.easel.wire.ToolChoice;
import dev.easel.wire.ToolSpec;
import dev.easel.wire.WebSearchSpec;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated {@code POST /v1/responses}.
 *
 * @param model the request's model name (echoed); {@code planner} decides who plans
 * @param storedInput the input items in wire form, each with its assigned id (for input_items)
 * @param tools the request's tools, in its order (an error about one names {@code tools[i]})
 * @param maxToolCalls {@code max_tool_calls}: the most tool calls the turn may make
 * @param include {@code include}: the optional parts of items the client asks for (e.g.
 *     {@code web_search_call.action.sources})
 * @param echo the request's other fields, defaults filled in, echoed in the Response object
 *     (metadata, user, temperature, top_p, text, reasoning, …)
 */
public record CreateResponse(
        String model,
        List<InputItem> input,
        ArrayNode storedInput,
        Optional<String> instructions,
        List<ToolSpec> tools,
        ToolChoice toolChoice,
        boolean stream,
        boolean store,
        boolean background,
        Optional<String> previousResponseId,
        Optional<Integer> maxToolCalls,
        java.util.Set<String> include,
        ObjectNode echo) {

    public CreateResponse {
        input = List.copyOf(input);
        tools = List.copyOf(tools);
        include = java.util.Set.copyOf(include);
        if (background && !store) {
            throw new IllegalArgumentException("background responses must be stored");
        }
    }

    /** Whether the request's {@code truncation} is {@code auto}: the oldest turns may be dropped to fit. */
    public boolean truncationAuto() {
        return echo.path("truncation").asString("disabled").equals("auto");
    }

    /** The image_generation tool, when the request offers it. */
    public Optional<ImageTool> imageTool() {
        return tools.stream()
                .flatMap(t -> t instanceof ImageTool image ? java.util.stream.Stream.of(image) : null)
                .findFirst();
    }

    /** The web_search tool with its index, when the request offers it. */
    public Optional<Indexed<WebSearchSpec>> webSearch() {
        for (int i = 0; i < tools.size(); i++) {
            if (tools.get(i) instanceof WebSearchSpec w) {
                return Optional.of(new Indexed<>(i, w));
            }
        }
        return Optional.empty();
    }

    /** The mcp tools with their index in {@code tools}, in the request's order. */
    public List<Indexed<McpToolSpec>> mcpTools() {
        List<Indexed<McpToolSpec>> out = new java.util.ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            if (tools.get(i) instanceof McpToolSpec mcp) {
                out.add(new Indexed<>(i, mcp));
            }
        }
        return List.copyOf(out);
    }

    /** A tool with its place in the request's {@code tools} array. */
    public record Indexed<T>(int index, T tool) {}

    /** The index of the image_generation tool in {@code tools} (for error params). */
    public int imageToolIndex() {
        for (int i = 0; i < tools.size(); i++) {
            if (tools.get(i) instanceof ImageTool) {
                return i;
            }
        }
        throw new IllegalStateException("the request has no image_generation tool");
    }
}
