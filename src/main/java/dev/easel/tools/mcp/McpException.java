package dev.easel.tools.mcp;

import java.util.Objects;

/**
 * A failed MCP operation with its typed {@link McpError}. It carries no cause: the SDK's exceptions
 * quote HTTP exchanges, and nothing that could hold a secret should travel up into logs.
 */
public final class McpException extends Exception {
    private final transient McpError error;

    public McpException(McpError error) {
        super(Objects.requireNonNull(error, "error").message(), null, false, false);
        this.error = error;
    }

    public McpError error() {
        return error;
    }
}
