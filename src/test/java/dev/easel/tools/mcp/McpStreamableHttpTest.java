package dev.easel.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.json.Wire;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against a real server-everything in Streamable HTTP mode: listing, calls, images, errors, timeouts. */
class McpStreamableHttpTest {
    private static EverythingServer server;

    @BeforeAll
    static void startServer() {
        server = EverythingServer.start(EverythingServer.Mode.STREAMABLE_HTTP);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static McpSession open(McpTimeouts timeouts) throws Exception {
        return McpSession.open(
                McpServerSettings.of(server.url()).withTimeouts(timeouts), Guards.allowing(server.allowEntry()));
    }

    private static McpSession open() throws Exception {
        return open(McpTimeouts.defaults());
    }

    @Test
    void negotiatesStreamableHttpAtTheLatestRevision() throws Exception {
        try (McpSession session = open()) {
            assertThat(session.transport()).isEqualTo(McpTransportKind.STREAMABLE_HTTP);
            assertThat(session.protocolVersion()).isEqualTo("2025-11-25");
            assertThat(session.toString()).contains(server.url()).contains("STREAMABLE_HTTP");
        }
    }

    @Test
    void listsToolsWithSchemasAndAnnotations() throws Exception {
        try (McpSession session = open()) {
            List<McpTool> tools = session.listTools();
            List<String> names = tools.stream().map(McpTool::name).toList();
            assertThat(names).contains("echo", "get-sum", "get-tiny-image", "trigger-long-running-operation");
            // No roots, sampling or elicitation advertised: the server hides the tools that need them.
            assertThat(names)
                    .doesNotContain("get-roots-list", "trigger-sampling-request", "trigger-elicitation-request");

            McpTool sum = tools.stream()
                    .filter(t -> t.name().equals("get-sum"))
                    .findFirst()
                    .orElseThrow();
            assertThat(sum.description()).contains("Returns the sum of two numbers");
            assertThat(sum.inputSchema().get("type").asString()).isEqualTo("object");
            assertThat(sum.inputSchema().get("properties").propertyNames()).containsExactlyInAnyOrder("a", "b");
            assertThat(sum.inputSchema().get("properties").get("a").get("type").asString())
                    .isEqualTo("number");
            McpToolAnnotations hints = sum.annotations().orElseThrow();
            assertThat(hints.readOnlyHint()).contains(true);
            assertThat(hints.destructiveHint()).contains(false);
            assertThat(hints.idempotentHint()).contains(true);
            assertThat(hints.openWorldHint()).contains(false);
            assertThat(hints.readOnly()).isTrue();

            McpTool echo = tools.stream()
                    .filter(t -> t.name().equals("echo"))
                    .findFirst()
                    .orElseThrow();
            assertThat(echo.inputSchema().get("properties").propertyNames()).containsExactly("message");
        }
    }

    @Test
    void callsEchoAndGetSumWithExactResults() throws Exception {
        try (McpSession session = open()) {
            McpCallResult echo = session.callTool("echo", "{\"message\":\"hello, easel\"}");
            assertThat(echo.content()).containsExactly(new McpContent.Text("Echo: hello, easel"));
            assertThat(echo.isError()).isFalse();
            assertThat(echo.error()).isEmpty();
            assertThat(echo.structuredContent()).isEmpty();

            McpCallResult sum = session.callTool("get-sum", "{\"a\":2,\"b\":40}");
            assertThat(sum.texts()).containsExactly("The sum of 2 and 40 is 42.");
            assertThat(sum.isError()).isFalse();
        }
    }

    @Test
    void structuredContentComesBackAsJson() throws Exception {
        try (McpSession session = open()) {
            McpCallResult weather = session.callTool("get-structured-content", "{\"location\":\"Chicago\"}");
            assertThat(weather.structuredContent())
                    .contains(
                            Wire.read("{\"temperature\":36,\"conditions\":\"Light rain / drizzle\",\"humidity\":82}"));
            assertThat(Wire.read(weather.texts().getFirst()))
                    .isEqualTo(weather.structuredContent().orElseThrow());
        }
    }

    @Test
    void theTinyImageIsAPng() throws Exception {
        try (McpSession session = open()) {
            McpCallResult result = session.callTool("get-tiny-image", "");
            assertThat(result.texts())
                    .containsExactly("Here's the image you requested:", "The image above is the MCP logo.");
            assertThat(result.images()).hasSize(1);
            McpContent.Image image = result.images().getFirst();
            assertThat(image.mimeType()).isEqualTo("image/png");
            byte[] png = image.data();
            assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(decoded).as("ImageIO decodes the PNG").isNotNull();
            assertThat(decoded.getWidth()).isPositive();
            assertThat(decoded.getHeight()).isPositive();
            assertThat(result.content()).hasSize(3).element(1).isInstanceOf(McpContent.Image.class);
        }
    }

    @Test
    void invalidToolInputIsAToolExecutionError() throws Exception {
        try (McpSession session = open()) {
            McpCallResult result = session.callTool("get-sum", "{\"a\":\"two\",\"b\":1}");
            assertThat(result.isError()).isTrue();
            McpError.ToolExecutionError error = result.error().orElseThrow();
            assertThat(error.content()).isEqualTo(result.content());
            assertThat(error.message()).contains("a");
            // The session stays usable after a tool error.
            assertThat(session.callTool("get-sum", "{\"a\":1,\"b\":1}").texts())
                    .containsExactly("The sum of 1 and 1 is 2.");
        }
    }

    @Test
    void anUnknownToolIsAToolExecutionError() throws Exception {
        try (McpSession session = open()) {
            // The TypeScript SDK (1.32) turns its own -32602 into an isError result.
            assertThat(session.callTool("no-such-tool", "{}").error())
                    .contains(new McpError.ToolExecutionError(
                            List.of(new McpContent.Text("MCP error -32602: Tool no-such-tool not found"))));
        }
    }

    @Test
    void argumentsThatAreNotAnObjectAreRefusedBeforeSending() throws Exception {
        try (McpSession session = open()) {
            for (String bad : List.of("[1]", "42", "{not json", "null")) {
                assertThatThrownBy(() -> session.callTool("echo", bad))
                        .isInstanceOfSatisfying(
                                McpException.class,
                                e -> assertThat(e.error())
                                        .isEqualTo(new McpError.ProtocolError(
                                                McpError.INVALID_PARAMS, "the tool arguments are not a JSON object")));
            }
        }
    }

    @Test
    void aSlowCallHitsTheCallTimeout() throws Exception {
        McpTimeouts timeouts = new McpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(800));
        try (McpSession session = open(timeouts)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> session.callTool("trigger-long-running-operation", "{\"duration\":6,\"steps\":1}"))
                    .isInstanceOfSatisfying(McpException.class, e -> {
                        assertThat(e.error()).isInstanceOf(McpError.ProtocolError.class);
                        assertThat(((McpError.ProtocolError) e.error()).code()).isEqualTo(McpError.REQUEST_TIMEOUT);
                        assertThat(e.getMessage())
                                .isEqualTo("the MCP server " + server.url()
                                        + " did not answer tools/call trigger-long-running-operation within 800 ms");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            // Later calls on the same session still work.
            assertThat(session.callTool("echo", "{\"message\":\"after\"}").texts())
                    .containsExactly("Echo: after");
        }
    }

    @Test
    void closingEndsTheServersSessionWithADelete() throws Exception {
        String mark = "Received session termination request for session ";
        long before = server.log().lines().filter(l -> l.contains(mark)).count();
        open().close();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.log().lines().filter(l -> l.contains(mark)).count() == before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.log().lines().filter(l -> l.contains(mark)).count())
                .as("DELETEs the server saw; its log:\n" + server.log())
                .isEqualTo(before + 1);
    }

    @Test
    void aClosedSessionRefusesOperations() throws Exception {
        McpSession session = open();
        session.close();
        session.close();
        assertThatThrownBy(session::listTools).isInstanceOf(IllegalStateException.class);
    }
}
