package dev.easel.tools.mcp;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each step with an MCP server may take: {@code connect} bounds the TCP/TLS connect and
 * the whole {@code initialize} handshake (including a fallback to the legacy SSE transport),
 * {@code list} one {@code tools/list} (all pages), {@code call} one {@code tools/call}.
 */
public record McpTimeouts(Duration connect, Duration list, Duration call) {
    public McpTimeouts {
        positive(connect, "connect");
        positive(list, "list");
        positive(call, "call");
    }

    /** 10 s to connect, 30 s to list, 120 s per call. */
    public static McpTimeouts defaults() {
        return new McpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(120));
    }

    /** The longest of the three: the SDK's own request timeout is set above it, so ours always fire first. */
    Duration longest() {
        Duration most = connect.compareTo(list) > 0 ? connect : list;
        return most.compareTo(call) > 0 ? most : call;
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " timeout must be positive, not " + d);
        }
    }
}
