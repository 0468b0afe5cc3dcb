package dev.easel.tools;

import dev.easel.safety.UrlGuard;
import dev.easel.tools.mcp.McpException;
import dev.easel.tools.mcp.McpServerSettings;
import dev.easel.tools.mcp.McpSession;
import dev.easel.tools.mcp.McpTimeouts;
import dev.easel.wire.ApiException;
import dev.easel.wire.McpToolSpec;
import java.util.Objects;

/**
 * Opens the MCP sessions of a request's {@code mcp} tools: through the operator's URL guard (no
 * loopback or private address unless allow-listed, no redirects), with the configured timeouts,
 * the tool's {@code authorization} as a bearer token and its {@code headers}. Thread-safe.
 */
public final class McpConnections {
    private final UrlGuard guard;
    private final McpTimeouts timeouts;

    public McpConnections(UrlGuard guard, McpTimeouts timeouts) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    /**
     * The settings a tool spec asks for.
     *
     * @throws ApiException 400 naming {@code param.headers} for headers the transport owns
     */
    McpServerSettings settings(McpToolSpec spec, String param) {
        try {
            return new McpServerSettings(spec.serverUrl(), spec.authorization(), spec.headers(), timeouts);
        } catch (IllegalArgumentException e) {
            // The settings' messages name headers, never their values.
            throw ApiException.invalid(param + ".headers", e.getMessage() + ".");
        }
    }

    McpSession open(McpServerSettings settings) throws McpException, InterruptedException {
        return McpSession.open(settings, guard);
    }
}
