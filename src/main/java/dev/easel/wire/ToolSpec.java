package dev.easel.wire;

import tools.jackson.databind.node.ObjectNode;

/**
 * A tool as a request's {@code tools} array configured it. One record per tool type; the MCP and
 * web search tools join the family as further cases.
 */
public sealed interface ToolSpec permits ImageTool, McpToolSpec, WebSearchSpec {
    /** The tool as the Response object echoes it in {@code tools}. */
    ObjectNode echo();
}
