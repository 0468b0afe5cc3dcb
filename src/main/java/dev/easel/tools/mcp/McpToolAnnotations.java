package dev.easel.tools.mcp;

import java.util.Objects;
import java.util.Optional;

/**
 * A tool's MCP annotations, as the server states them (absent where it says nothing). They are
 * untrusted hints: OpenAI's {@code read_only} filters match {@code readOnlyHint}; MCP's defaults
 * when absent are read-only false, destructive true.
 */
public record McpToolAnnotations(
        Optional<String> title,
        Optional<Boolean> readOnlyHint,
        Optional<Boolean> destructiveHint,
        Optional<Boolean> idempotentHint,
        Optional<Boolean> openWorldHint) {
    public McpToolAnnotations {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(readOnlyHint, "readOnlyHint");
        Objects.requireNonNull(destructiveHint, "destructiveHint");
        Objects.requireNonNull(idempotentHint, "idempotentHint");
        Objects.requireNonNull(openWorldHint, "openWorldHint");
    }

    /** Read-only only when the server says so: a missing hint means false, as in MCP. */
    public boolean readOnly() {
        return readOnlyHint.orElse(false);
    }
}
