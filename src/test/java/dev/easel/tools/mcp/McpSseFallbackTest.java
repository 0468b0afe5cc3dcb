package dev.easel.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server that speaks only the legacy HTTP+SSE transport (server-everything in {@code sse} mode):
 * the Streamable HTTP POST to {@code /sse} is answered 404, and the session falls back to GET
 * {@code /sse} and its {@code endpoint} event.
 */
class McpSseFallbackTest {
    private static EverythingServer server;

    @BeforeAll
    static void startServer() {
        server = EverythingServer.start(EverythingServer.Mode.SSE);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void fallsBackToSseAndListsAndCalls() throws Exception {
        try (McpSession session =
                McpSession.open(McpServerSettings.of(server.url()), Guards.allowing(server.allowEntry()))) {
            assertThat(session.transport()).isEqualTo(McpTransportKind.SSE);
            List<String> names = session.listTools().stream().map(McpTool::name).toList();
            assertThat(names).contains("echo", "get-sum", "get-tiny-image");
            assertThat(session.callTool("echo", "{\"message\":\"over sse\"}").texts())
                    .containsExactly("Echo: over sse");
            assertThat(session.callTool("get-sum", "{\"a\":-1.5,\"b\":4}").texts())
                    .containsExactly("The sum of -1.5 and 4 is 2.5.");
            McpContent.Image image =
                    session.callTool("get-tiny-image", "{}").images().getFirst();
            assertThat(image.mimeType()).isEqualTo("image/png");
            assertThat(image.data()).startsWith(0x89, 'P', 'N', 'G');
        }
    }

    @Test
    void theFallbackIsAlsoGuarded() throws Exception {
        // The same URL, not allow-listed: refused before either transport is tried.
        try {
            McpSession.open(McpServerSettings.of(server.url()), Guards.publicOnly())
                    .close();
            throw new AssertionError("a loopback URL was accepted without an allow-list entry");
        } catch (McpException e) {
            assertThat(e.error()).isInstanceOf(McpError.Unreachable.class);
        }
    }
}
