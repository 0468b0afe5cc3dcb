package dev.easel.tools;

import dev.easel.tools.planner.FunctionSpec;
import dev.easel.tools.planner.ToolCall;

/**
 * A tool a turn may call: image_generation first; MCP servers, web search and charts plug in as
 * further implementations. A tool emits the events and output items of its calls through the
 * turn's {@link TurnSink} and tells the planner what happened. Implementations serve one request
 * and are used by its run thread only.
 */
public interface Tool {
    /** How the planner sees the tool: the function it may call. */
    FunctionSpec function();

    /**
     * Runs one call the planner made. Failures that end the turn are thrown (an
     * {@link dev.easel.wire.ApiException}, or the engine's cancellation); the tool has then already
     * recorded its item as failed.
     */
    ToolResult call(ToolCall call, TurnContext turn);
}
