package dev.easel.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.easel.json.Wire;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The client against Easel's own MCP test server (mcp-test-server.mjs) behind a bearer token or a
 * required header: the secret opens the session and reaches the server, a missing or wrong one is
 * a clean HTTP error, and no secret shows in any message, toString, log line (every logger at
 * DEBUG) or the server's own output. Also the shop tools: structured output, a real PNG, a tool
 * error, a call timeout.
 */
class McpBearerTokenTest {
    private static final String TOKEN = "tok-Zq8vK3pW-7fN2xLm4";
    private static final String WRONG_TOKEN = "tok-Wr0ngW-rong9Qx1";
    private static final String TENANT = "tenant-Hx5s9Kd2";
    private static final List<String> SECRETS = List.of(TOKEN, WRONG_TOKEN, TENANT);

    private static TestMcpServer server;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger sdk = (Logger) LoggerFactory.getLogger("io.modelcontextprotocol");
    private Level rootLevel;
    private Level sdkLevel;
    /** The configured appenders (stderr), held back while every logger is at DEBUG. */
    private final List<ch.qos.logback.core.Appender<ILoggingEvent>> held = new ArrayList<>();
    /** Everything a test showed: exception messages, toStrings, texts; checked for secrets after each test. */
    private final List<String> shown = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = TestMcpServer.withToken(TOKEN);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void captureLogs() {
        rootLevel = root.getLevel();
        sdkLevel = sdk.getLevel();
        root.iteratorForAppenders().forEachRemaining(held::add);
        held.forEach(root::detachAppender);
        root.setLevel(Level.DEBUG);
        sdk.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void noSecretShows() {
        root.detachAppender(logs);
        root.setLevel(rootLevel);
        sdk.setLevel(sdkLevel);
        held.forEach(root::addAppender);
        assertThat(logs.list)
                .as("the SDK logged at DEBUG, so the check below saw its messages")
                .isNotEmpty();
        for (String secret : SECRETS) {
            assertThat(shown).as("messages and toStrings").noneMatch(s -> s.contains(secret));
            assertThat(logs.list).as("log events").noneMatch(e -> mentions(e, secret));
            assertThat(server.log()).as("the server's output").doesNotContain(secret);
        }
    }

    private static boolean mentions(ILoggingEvent event, String secret) {
        if (event.getFormattedMessage() != null && event.getFormattedMessage().contains(secret)) {
            return true;
        }
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(secret)) {
                return true;
            }
        }
        return false;
    }

    private static McpServerSettings settings(
            TestMcpServer target, Optional<String> token, Map<String, String> headers) {
        return new McpServerSettings(target.url(), token, headers, McpTimeouts.defaults());
    }

    private static McpSession open(McpServerSettings settings, TestMcpServer target) throws Exception {
        return McpSession.open(settings, Guards.allowing(target.allowEntry()));
    }

    private McpSession openWithToken() throws Exception {
        McpServerSettings settings = settings(server, Optional.of(TOKEN), Map.of());
        shown.add(settings.toString());
        McpSession session = open(settings, server);
        shown.add(session.toString());
        return session;
    }

    /** Opening fails with an HTTP error of {@code status}; its message and toStrings are kept for the secret check. */
    private McpError.HttpError refused(McpServerSettings settings, TestMcpServer target, int status) {
        shown.add(settings.toString());
        Throwable caught = org.assertj.core.api.Assertions.catchThrowable(
                () -> open(settings, target).close());
        assertThat(caught).as("opening " + settings).isInstanceOf(McpException.class);
        McpException thrown = (McpException) caught;
        shown.add(thrown.getMessage());
        shown.add(thrown.toString());
        shown.add(thrown.error().toString());
        assertThat(thrown.error()).isInstanceOf(McpError.HttpError.class);
        McpError.HttpError error = (McpError.HttpError) thrown.error();
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.message())
                .isEqualTo("the MCP server " + target.url() + " answered HTTP " + status
                        + " to initialize (check the server's authorization)");
        return error;
    }

    /** A server that lost the session (a restart) answers 404; the session initializes again and the call goes through. */
    @Test
    void aLostSessionIsInitializedAgain() throws Exception {
        try (McpSession session = openWithToken()) {
            assertThat(session.callTool("forget_sessions", "{}").texts()).containsExactly("forgotten");
            int opened = count(server.log(), "session opened");

            McpCallResult result = session.callTool("get_product", "{\"sku\":\"A-1\"}");

            assertThat(result.texts().getFirst()).contains(TestMcpServer.PRODUCT_NAME);
            assertThat(count(server.log(), "session opened")).isEqualTo(opened + 1);
            assertThat(session.listTools()).isNotEmpty();
        }
    }

    /** A server that answers more than the client reads (16 MiB) gives a protocol error, not a full heap. */
    @Test
    void anAnswerOverTheLimitIsAProtocolError() throws Exception {
        try (McpSession session = openWithToken()) {
            assertThat(session.callTool("huge", "{\"megabytes\": 1}").texts().getFirst())
                    .hasSize(1 << 20);

            McpException e = org.junit.jupiter.api.Assertions.assertThrows(
                    McpException.class, () -> session.callTool("huge", "{\"megabytes\": 40}"));

            assertThat(e.error()).isInstanceOf(McpError.ProtocolError.class);
            assertThat(e.getMessage()).contains("larger than 16 MiB");
        }
    }

    private static int count(String log, String line) {
        return (int) log.lines().filter(line::equals).count();
    }

    @Test
    void theRightTokenListsAndCalls() throws Exception {
        int before = server.requestCount();
        try (McpSession session = openWithToken()) {
            List<McpTool> tools = session.listTools();
            assertThat(tools)
                    .extracting(McpTool::name)
                    .containsExactly(
                            "get_product",
                            "get_product_photo",
                            "list_specials",
                            "place_order",
                            "slow",
                            "fail_tool",
                            "echo_headers",
                            "check_header",
                            "huge",
                            "forget_sessions");
            McpTool getProduct = tools.getFirst();
            assertThat(getProduct.inputSchema().get("required").values())
                    .extracting(n -> n.asString())
                    .containsExactly("sku");
            assertThat(getProduct.annotations().orElseThrow().readOnly()).isTrue();

            McpCallResult result = session.callTool("get_product", "{\"sku\":\"LAMP-1\"}");
            assertThat(result.isError()).isFalse();
            String product = "{\"sku\":\"LAMP-1\",\"name\":\"Aurora desk lamp\",\"price\":\"49.00 EUR\"}";
            assertThat(result.texts()).containsExactly(product);
            assertThat(result.structuredContent()).contains(Wire.read(product));
        }
        List<String> requests = server.requests().subList(before, server.requestCount());
        assertThat(requests)
                .as("every request carried the token")
                .isNotEmpty()
                .allMatch(r -> r.endsWith(" auth=yes"))
                .contains("POST /mcp auth=yes");
        assertThat(server.calls()).contains("get_product");
    }

    @Test
    void theTokenReachesTheServerWithoutBeingEchoed() throws Exception {
        try (McpSession session = openWithToken()) {
            McpCallResult names = session.callTool("echo_headers", "");
            shown.addAll(names.texts());
            assertThat(Wire.read(names.texts().getFirst()).values())
                    .extracting(n -> n.asString())
                    .contains("authorization", "mcp-session-id", "mcp-protocol-version");
            // The arguments carry a hash of the expected value, never the value itself.
            assertThat(session.callTool(
                                    "check_header",
                                    TestMcpServer.checkHeaderArguments("Authorization", "Bearer " + TOKEN))
                            .texts())
                    .containsExactly("match");
            assertThat(session.callTool(
                                    "check_header",
                                    TestMcpServer.checkHeaderArguments("Authorization", "Bearer " + WRONG_TOKEN))
                            .texts())
                    .containsExactly("mismatch");
            assertThat(session.callTool("check_header", "{\"name\":\"Authorization\",\"expected\":\"Bearer x\"}")
                            .texts())
                    .containsExactly("mismatch");
            assertThat(session.callTool("check_header", "{\"name\":\"X-Tenant\",\"expected\":\"x\"}")
                            .texts())
                    .containsExactly("absent");
            assertThat(session.callTool("check_header", "{\"name\":\"Authorization\"}")
                            .isError())
                    .isTrue();
        }
    }

    @Test
    void withoutATokenOpeningIsA401() {
        int refusals = server.refusals().size();
        refused(settings(server, Optional.empty(), Map.of()), server, 401);
        assertThat(server.refusals().subList(refusals, server.refusals().size()))
                .containsExactly("401 no bearer token");
    }

    @Test
    void aWrongTokenIsA401() {
        int refusals = server.refusals().size();
        refused(settings(server, Optional.of(WRONG_TOKEN), Map.of()), server, 401);
        assertThat(server.refusals().subList(refusals, server.refusals().size()))
                .containsExactly("401 wrong bearer token");
    }

    @Test
    void aRequiredHeaderMustArriveWithItsValue() throws Exception {
        try (TestMcpServer gated =
                TestMcpServer.builder().requireHeader("X-Tenant", TENANT).start()) {
            try {
                refused(settings(gated, Optional.empty(), Map.of()), gated, 403);
                refused(settings(gated, Optional.empty(), Map.of("X-Tenant", "someone-else")), gated, 403);
                assertThat(gated.refusals())
                        .containsExactly("403 header x-tenant missing", "403 header x-tenant wrong");

                McpServerSettings right = settings(gated, Optional.empty(), Map.of("X-Tenant", TENANT));
                shown.add(right.toString());
                try (McpSession session = open(right, gated)) {
                    assertThat(session.callTool("list_specials", "").texts()).containsExactly(TestMcpServer.SPECIALS);
                    assertThat(session.callTool("check_header", TestMcpServer.checkHeaderArguments("x-tenant", TENANT))
                                    .texts())
                            .containsExactly("match");
                }
                assertThat(gated.requests()).contains("POST /mcp auth=no");
            } finally {
                assertThat(gated.log()).doesNotContain(TENANT);
            }
        }
    }

    @Test
    void aTokenAndAHeaderTogether() throws Exception {
        try (TestMcpServer both = TestMcpServer.builder()
                .token(TOKEN)
                .requireHeader("X-Tenant", TENANT)
                .start()) {
            try {
                // The token is checked first: without it the header does not help.
                refused(settings(both, Optional.empty(), Map.of("X-Tenant", TENANT)), both, 401);
                refused(settings(both, Optional.of(TOKEN), Map.of()), both, 403);
                try (McpSession session = open(settings(both, Optional.of(TOKEN), Map.of("X-Tenant", TENANT)), both)) {
                    assertThat(session.callTool("place_order", "{\"sku\":\"LAMP-1\",\"qty\":2}")
                                    .texts())
                            .containsExactly("ordered");
                }
                assertThat(both.refusals()).containsExactly("401 no bearer token", "403 header x-tenant missing");
            } finally {
                assertThat(both.log()).doesNotContain(TOKEN).doesNotContain(TENANT);
            }
        }
    }

    @Test
    void annotationsAndSchemasAsListed() throws Exception {
        try (McpSession session = openWithToken()) {
            Map<String, McpTool> tools = new java.util.HashMap<>();
            session.listTools().forEach(t -> tools.put(t.name(), t));
            McpToolAnnotations order = tools.get("place_order").annotations().orElseThrow();
            assertThat(order.readOnlyHint()).contains(false);
            assertThat(order.destructiveHint()).contains(true);
            assertThat(order.readOnly()).isFalse();
            assertThat(tools.get("place_order")
                            .inputSchema()
                            .get("properties")
                            .get("qty")
                            .get("type")
                            .asString())
                    .isEqualTo("integer");
            for (String readOnly : List.of("get_product", "get_product_photo", "list_specials")) {
                assertThat(tools.get(readOnly).annotations().orElseThrow().readOnlyHint())
                        .as(readOnly)
                        .contains(true);
            }
            McpTool specials = tools.get("list_specials");
            assertThat(specials.inputSchema().get("type").asString()).isEqualTo("object");
            assertThat(specials.inputSchema().get("properties").propertyNames()).isEmpty();
            assertThat(specials.inputSchema().has("required")).isFalse();
            assertThat(session.callTool("list_specials", "{}").texts()).containsExactly(TestMcpServer.SPECIALS);
        }
    }

    @Test
    void theProductPhotoIsA64x64Png() throws Exception {
        try (McpSession session = openWithToken()) {
            McpCallResult result = session.callTool("get_product_photo", "{\"sku\":\"LAMP-1\"}");
            assertThat(result.content()).hasSize(2).first().isInstanceOf(McpContent.Image.class);
            assertThat(result.texts()).containsExactly("The photo of LAMP-1.");
            McpContent.Image image = result.images().getFirst();
            assertThat(image.mimeType()).isEqualTo("image/png");
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(image.data()));
            assertThat(png).as("ImageIO decodes it").isNotNull();
            assertThat(png.getWidth()).isEqualTo(TestMcpServer.PHOTO_SIZE);
            assertThat(png.getHeight()).isEqualTo(TestMcpServer.PHOTO_SIZE);
            assertThat(png.getRGB(0, 0) & 0xFFFFFF).isEqualTo(TestMcpServer.PHOTO_RGB);
            assertThat(png.getRGB(63, 63) & 0xFFFFFF).isEqualTo(TestMcpServer.PHOTO_RGB);
        }
    }

    @Test
    void aToolFailureIsAToolExecutionError() throws Exception {
        try (McpSession session = openWithToken()) {
            McpCallResult result = session.callTool("fail_tool", "");
            assertThat(result.isError()).isTrue();
            McpError.ToolExecutionError error = result.error().orElseThrow();
            assertThat(error.content()).containsExactly(new McpContent.Text(TestMcpServer.FAILURE));
            assertThat(error.message()).isEqualTo(TestMcpServer.FAILURE);
            // The session stays usable.
            assertThat(session.callTool("place_order", "{\"sku\":\"LAMP-1\",\"qty\":1}")
                            .texts())
                    .containsExactly("ordered");
        }
    }

    @Test
    void aSlowCallTimesOutAndTheSessionGoesOn() throws Exception {
        McpServerSettings settings = settings(server, Optional.of(TOKEN), Map.of())
                .withTimeouts(new McpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(800)));
        try (McpSession session = open(settings, server)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> session.callTool("slow", "{\"seconds\":5}"))
                    .isInstanceOfSatisfying(McpException.class, e -> {
                        shown.add(e.getMessage());
                        shown.add(e.toString());
                        assertThat(e.error())
                                .isEqualTo(new McpError.ProtocolError(
                                        McpError.REQUEST_TIMEOUT,
                                        "the MCP server " + server.url()
                                                + " did not answer tools/call slow within 800 ms"));
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThat(session.callTool("get_product", "{\"sku\":\"LAMP-2\"}").structuredContent())
                    .contains(Wire.read("{\"sku\":\"LAMP-2\",\"name\":\"" + TestMcpServer.PRODUCT_NAME
                            + "\",\"price\":\"" + TestMcpServer.PRODUCT_PRICE + "\"}"));
            assertThat(session.callTool("slow", "{\"seconds\":0.1}").texts()).containsExactly("done");
        }
    }

    @Test
    void closingEndsTheSessionWithADelete() throws Exception {
        int before = server.requestCount();
        openWithToken().close();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!server.requests().subList(before, server.requestCount()).contains("DELETE /mcp auth=yes")
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.requests().subList(before, server.requestCount()))
                .as(server.log())
                .contains("DELETE /mcp auth=yes");
    }
}
