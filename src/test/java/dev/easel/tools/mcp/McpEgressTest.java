package dev.easel.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Outbound safety and HTTP failures, against tiny local servers: the URL guard before any
 * connection, a dead port, a token that is sent but never shown, a redirect that is not followed,
 * a server that never answers.
 */
class McpEgressTest {
    private static final String TOKEN = "tok-9f8e7d6c5b4a-secret";
    private static final String HEADER_VALUE = "hdr-value-1a2b3c-secret";

    /** What a tiny server saw: method, path, Authorization and X-Tenant of each request. */
    record Seen(String method, String path, String authorization, String tenant) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer http;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        if (http != null) {
            http.stop(0);
        }
    }

    private int serve(Consumer<HttpExchange> answer) throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", exchange -> {
            seen.add(new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("X-Tenant")));
            exchange.getRequestBody().readAllBytes();
            answer.accept(exchange);
        });
        http.start();
        return http.getAddress().getPort();
    }

    private static void reply(HttpExchange exchange, int status, Map<String, String> headers, String body) {
        try {
            headers.forEach(exchange.getResponseHeaders()::set);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static McpError failure(McpServerSettings settings, int allowedPort) {
        try {
            McpSession.open(settings, Guards.allowingPort(allowedPort)).close();
        } catch (McpException e) {
            return e.error();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the session opened");
    }

    @Test
    void aLoopbackUrlThatIsNotAllowListedIsRefusedBeforeConnecting() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/mcp";
            assertThatThrownBy(() -> McpSession.open(McpServerSettings.of(url), Guards.publicOnly()))
                    .isInstanceOfSatisfying(McpException.class, e -> {
                        assertThat(e.error()).isInstanceOf(McpError.Unreachable.class);
                        assertThat(e.getMessage())
                                .startsWith("the MCP server URL is refused: ")
                                .contains("non-public address (loopback)")
                                .contains("EASEL_URL_ALLOW");
                    });
            // Allow-listing another port does not help either.
            assertThatThrownBy(() -> McpSession.open(
                            McpServerSettings.of(url), Guards.allowingPort(listener.getLocalPort() + 1)))
                    .isInstanceOf(McpException.class);
            listener.setSoTimeout(300);
            assertThatThrownBy(listener::accept)
                    .as("no connection was made")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void otherSchemesAndMetadataNamesAreRefused() {
        for (String url : List.of("file:///etc/passwd", "ftp://127.0.0.1/mcp", "http://metadata.google.internal/mcp")) {
            assertThatThrownBy(() -> McpSession.open(McpServerSettings.of(url), Guards.allowing("127.0.0.1:80")))
                    .as(url)
                    .isInstanceOfSatisfying(
                            McpException.class, e -> assertThat(e.error()).isInstanceOf(McpError.Unreachable.class));
        }
    }

    @Test
    void aDeadPortIsUnreachableWithinTheConnectTimeout() throws Exception {
        int port = EverythingServer.freePort();
        McpServerSettings settings = McpServerSettings.of("http://127.0.0.1:" + port + "/mcp")
                .withTimeouts(new McpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)));
        long start = System.nanoTime();
        McpError error = failure(settings, port);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(error)
                .isEqualTo(new McpError.Unreachable(
                        "could not connect to the MCP server http://127.0.0.1:" + port + "/mcp"));
    }

    @Test
    void theBearerTokenAndHeadersAreSentAndNeverShown() throws Exception {
        int port = serve(exchange -> reply(
                exchange,
                401,
                Map.of("WWW-Authenticate", "Bearer realm=\"mcp\", error=\"invalid_token\""),
                "{\"error\":\"invalid_token\",\"echo\":\"" + TOKEN + "\"}"));
        McpServerSettings settings = new McpServerSettings(
                "http://127.0.0.1:" + port + "/mcp",
                Optional.of(TOKEN),
                Map.of("X-Tenant", HEADER_VALUE),
                McpTimeouts.defaults());

        McpError error = failure(settings, port);

        assertThat(seen).hasSize(1);
        assertThat(seen.getFirst()).isEqualTo(new Seen("POST", "/mcp", "Bearer " + TOKEN, HEADER_VALUE));
        assertThat(error)
                .isEqualTo(new McpError.HttpError(
                        401,
                        "the MCP server http://127.0.0.1:" + port
                                + "/mcp answered HTTP 401 to initialize (check the server's authorization)"));
        assertThat(settings.toString())
                .doesNotContain(TOKEN)
                .doesNotContain(HEADER_VALUE)
                .contains("X-Tenant");
        assertThat(error.message()).doesNotContain(TOKEN).doesNotContain(HEADER_VALUE);
        McpException thrown = new McpException(error);
        assertThat(thrown.getCause()).isNull();
        assertThat(thrown.toString()).doesNotContain(TOKEN);
    }

    @Test
    void aRedirectIsAnHttpErrorAndIsNotFollowed() throws Exception {
        int port = serve(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/mcp")) {
                reply(exchange, 307, Map.of("Location", "/elsewhere"), "");
            } else {
                reply(exchange, 500, Map.of(), "");
            }
        });
        McpError error = failure(McpServerSettings.of("http://127.0.0.1:" + port + "/mcp"), port);
        assertThat(error).isInstanceOfSatisfying(McpError.HttpError.class, h -> {
            assertThat(h.status()).isEqualTo(307);
            assertThat(h.message()).contains("redirects from MCP servers are not followed");
        });
        // The Location was never requested (the SDK may still try its GET stream on the endpoint itself).
        assertThat(seen).extracting(Seen::path).containsOnly("/mcp");
        assertThat(seen.getFirst().method()).isEqualTo("POST");
    }

    @Test
    void aServerThatNeverAnswersInitializeHitsTheConnectTimeout() throws Exception {
        int port = serve(exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        McpServerSettings settings = McpServerSettings.of("http://127.0.0.1:" + port + "/mcp")
                .withTimeouts(new McpTimeouts(Duration.ofMillis(700), Duration.ofSeconds(5), Duration.ofSeconds(5)));
        long start = System.nanoTime();
        McpError error = failure(settings, port);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        assertThat(error)
                .isEqualTo(new McpError.ProtocolError(
                        McpError.REQUEST_TIMEOUT,
                        "the MCP server http://127.0.0.1:" + port + "/mcp did not answer initialize within 700 ms"));
    }

    @Test
    void aServerErrorIsAnHttpErrorWithItsStatus() throws Exception {
        int port = serve(exchange -> reply(exchange, 503, Map.of(), "busy"));
        McpError error = failure(McpServerSettings.of("http://127.0.0.1:" + port + "/mcp"), port);
        assertThat(error)
                .isInstanceOfSatisfying(
                        McpError.HttpError.class, h -> assertThat(h.status()).isEqualTo(503));
    }

    @Test
    void aLegacyEndpointOnAnotherOriginIsNotContacted() throws Exception {
        // Answers the Streamable HTTP POST with 405 (legacy only), then names a message endpoint elsewhere.
        int port = serve(exchange -> {
            if (exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 405, Map.of(), "");
                return;
            }
            try {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                exchange.getResponseBody()
                        .write("event: endpoint\ndata: http://127.0.0.2:9/message\n\n"
                                .getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
                release.await();
                exchange.close();
            } catch (IOException | InterruptedException e) {
                exchange.close();
            }
        });
        McpServerSettings settings = McpServerSettings.of("http://127.0.0.1:" + port + "/sse")
                .withTimeouts(new McpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)));
        McpError error = failure(settings, port);
        assertThat(error)
                .isEqualTo(new McpError.ProtocolError(
                        McpError.INTERNAL_ERROR,
                        "the MCP server http://127.0.0.1:" + port
                                + "/sse named a message endpoint on another origin, which is not contacted"));
        assertThat(seen).extracting(Seen::method).startsWith("POST", "GET");
        assertThat(seen).extracting(Seen::path).containsOnly("/sse");
    }

    @Test
    void aJsonRpcErrorIsAProtocolErrorWithItsCodeAndNoSecrets() throws Exception {
        java.util.regex.Pattern id = java.util.regex.Pattern.compile("\"id\":(\"[^\"]*\"|\\d+)");
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            java.util.regex.Matcher m = id.matcher(body);
            String requestId = m.find() ? m.group(1) : "null";
            reply(
                    exchange,
                    200,
                    Map.of("Content-Type", "application/json"),
                    "{\"jsonrpc\":\"2.0\",\"id\":" + requestId + ",\"error\":{\"code\":-32600,\"message\":\"bad token "
                            + TOKEN + "\"}}");
        });
        http.start();
        int port = http.getAddress().getPort();
        McpError error = failure(
                McpServerSettings.of("http://127.0.0.1:" + port + "/mcp").withBearerToken(TOKEN), port);
        assertThat(error)
                .isEqualTo(new McpError.ProtocolError(
                        -32600,
                        "the MCP server http://127.0.0.1:" + port
                                + "/mcp answered initialize with JSON-RPC error -32600: bad token [redacted]"));
    }
}
