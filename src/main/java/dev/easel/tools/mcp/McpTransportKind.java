package dev.easel.tools.mcp;

/** Which MCP transport a session ended up on. */
public enum McpTransportKind {
    /** Streamable HTTP (MCP 2025-03-26 and later): one endpoint, a POST per message. */
    STREAMABLE_HTTP,
    /** The legacy HTTP+SSE transport (MCP 2024-11-05): a GET event stream plus a message endpoint. */
    SSE
}
