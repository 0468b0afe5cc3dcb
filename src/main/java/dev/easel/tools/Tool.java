package dev.easel.tools;

import dev.easel.tools.planner.FunctionSpec;
import dev.easel.tools.planner.ToolCall;
import java.util.List;

/**
 * A tool a turn may call: image_generation, an MCP server (one tool, many functions), and web
 * search and charts as further implementations. A tool emits the events and output items of its
 * calls through the turn's {@link TurnSink} and tells the planner what happened. Implementations
 * serve one request, are used by its run thread only, and are closed when the run ends (an MCP
 * server's connection is reused within the response and closed then).
 */
public interface Tool extends AutoCloseable {
    /** How the planner sees the tool: the functions it may call (names unique across the turn's tools). */
    List<FunctionSpec> functions();

    /**
     * Runs before the turn's first planner round: what the tool has to say before the planner
     * answers (an MCP server's listing, calls the client approved since the last turn). The
     * messages it returns are appended to the planner's conversation.
     */
    default ToolStart start(TurnContext turn) {
        return ToolStart.NONE;
    }

    /**
     * Runs one call the planner made. Failures that end the turn are thrown (an
     * {@link dev.easel.wire.ApiException}, or the engine's cancellation); the tool has then already
     * recorded its item as failed.
     */
    ToolResult call(ToolCall call, TurnContext turn);

    /**
     * The {@code url_citation} annotations this tool has for the turn's final text (a web search's
     * sources that the text links to); none by default.
     */
    default List<dev.easel.wire.OutputItem.UrlCitation> cite(String text) {
        return List.of();
    }

    /** Releases what the tool holds (connections); never throws. */
    @Override
    default void close() {}
}
