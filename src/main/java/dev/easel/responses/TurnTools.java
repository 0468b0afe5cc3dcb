package dev.easel.responses;

import dev.easel.tools.ImageGenerationTool;
import dev.easel.tools.McpConnections;
import dev.easel.tools.McpServerTool;
import dev.easel.tools.Tool;
import dev.easel.tools.WebSearchTool;
import dev.easel.wire.ApiException;
import dev.easel.wire.McpToolSpec;
import dev.easel.wire.OutputItem;
import dev.easel.wire.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The turn's tools as a create prepares them: the mcp servers listed (or their listings reused),
 * the tools put in the request's order, and the request's tool_choice as the planner's.
 */
final class TurnTools {
    private TurnTools() {}

    /**
     * Puts the prepared tools (the image tool, then the mcp tools, then web search) in the
     * request's order of tools, which is the order the planner sees their functions in.
     */
    static void order(CreateResponse request, List<Tool> tools) {
        List<Integer> indices = new ArrayList<>();
        if (request.imageTool().isPresent()) {
            indices.add(request.imageToolIndex());
        }
        request.mcpTools().forEach(m -> indices.add(m.index()));
        request.webSearch().ifPresent(w -> indices.add(w.index()));
        if (indices.size() != tools.size()) {
            throw new IllegalStateException("every tool spec gets one tool");
        }
        List<Tool> sorted = java.util.stream.IntStream.range(0, tools.size())
                .boxed()
                .sorted(java.util.Comparator.comparing(indices::get))
                .map(tools::get)
                .toList();
        tools.clear();
        tools.addAll(sorted);
    }

    /**
     * The request's mcp tools, prepared: each server's tools listed now (a failure is a 424 before
     * anything is stored), unless the conversation holds a listing of the same configuration; the
     * client's approval answers handed to the server they concern.
     *
     * @throws ApiException 400 in direct mode when a server's allowed tools need arguments only a
     *     model can choose, or for an answer to a server this request does not list
     */
    static void mcp(
            CreateResponse request,
            McpContext context,
            boolean direct,
            McpConnections connections,
            long maxPixels,
            List<Tool> tools) {
        Map<String, List<McpServerTool.Decision>> decisions = context.decisions();
        for (CreateResponse.Indexed<McpToolSpec> indexed : request.mcpTools()) {
            McpToolSpec spec = indexed.tool();
            String param = "tools[" + indexed.index() + "]";
            Optional<OutputItem.McpListTools> known = context.listing(spec.serverLabel(), McpContext.key(spec.echo()));
            McpServerTool tool;
            try {
                tool = McpServerTool.prepare(
                        spec,
                        param,
                        known,
                        decisions.getOrDefault(spec.serverLabel(), List.of()),
                        connections,
                        maxPixels);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.cancelled();
            }
            tools.add(tool);
            List<String> needArguments = tool.toolsNeedingArguments();
            if (direct && !needArguments.isEmpty()) {
                throw ApiException.invalid(
                        param,
                        "The MCP server '" + spec.serverLabel() + "' offers tools whose arguments a model must choose ("
                                + String.join(", ", needArguments.subList(0, Math.min(5, needArguments.size())))
                                + (needArguments.size() > 5 ? ", …" : "")
                                + "), but this request runs in direct mode, without a planner. Configure one:"
                                + " planner.url and planner.model (EASEL_PLANNER_URL and EASEL_PLANNER_MODEL) naming"
                                + " an OpenAI-compatible Chat Completions endpoint, and use a model other than"
                                + " 'direct'; or narrow 'allowed_tools' to tools without required arguments.");
            }
        }
        for (String label : decisions.keySet()) {
            if (request.mcpTools().stream()
                    .noneMatch(m -> m.tool().serverLabel().equals(label))) {
                throw ApiException.invalid(
                        "input",
                        "An mcp_approval_response answers a request of the MCP server '" + label
                                + "', which this request's 'tools' do not list; send the same mcp tool again.");
            }
        }
    }

    /** The request's tool_choice as the planner's: it applies to the first round. */
    static dev.easel.tools.planner.ToolChoice choice(CreateResponse request, List<Tool> tools) {
        return switch (request.toolChoice()) {
            case ToolChoice.Auto() -> new dev.easel.tools.planner.ToolChoice.Auto();
            case ToolChoice.None() -> new dev.easel.tools.planner.ToolChoice.None();
            case ToolChoice.Required() -> new dev.easel.tools.planner.ToolChoice.Required();
            case ToolChoice.ImageGeneration() ->
                new dev.easel.tools.planner.ToolChoice.Named(ImageGenerationTool.FUNCTION_NAME);
            case ToolChoice.WebSearch(String type) ->
                new dev.easel.tools.planner.ToolChoice.Named(WebSearchTool.FUNCTION_NAME);
            case ToolChoice.Mcp(String label, Optional<String> name) -> {
                if (name.isEmpty()) {
                    // Any tool, of that server or another: Chat Completions cannot narrow "required" further.
                    yield new dev.easel.tools.planner.ToolChoice.Required();
                }
                McpServerTool server = tools.stream()
                        .flatMap(t ->
                                t instanceof McpServerTool m && m.serverLabel().equals(label)
                                        ? java.util.stream.Stream.of(m)
                                        : null)
                        .findFirst()
                        .orElseThrow();
                String function = server.functionFor(name.get())
                        .orElseThrow(() -> ApiException.invalid(
                                "tool_choice.name",
                                "The MCP server '" + label + "' offers no allowed tool named '" + name.get() + "'."));
                yield new dev.easel.tools.planner.ToolChoice.Named(function);
            }
        };
    }
}
