package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-key limits through the wire: OpenAI's x-ratelimit headers, and its 429 once a key's minute is spent. */
class RateLimitsTest {
    static final String REQUESTS = "sk-requests-0123456789abcdefghijklmnopqrst";
    static final String IMAGES = "sk-images-0123456789abcdefghijklmnopqrstuv";
    static final String OTHER = "sk-other-0123456789abcdefghijklmnopqrstuvw";
    static final String MCP = "sk-mcp-0123456789abcdefghijklmnopqrstuvwxyz";
    static final String LIMITED_MCP = "sk-limited-mcp-0123456789abcdefghijklmnopq";

    @RegisterExtension
    static final TestServer server = TestServer.with(Map.of(
            "auth.api_keys", REQUESTS + "," + IMAGES + "," + OTHER + "," + LIMITED_MCP,
            "limits.requests_per_minute", "5",
            "limits.images_per_minute", "2"));

    /** A server whose keys may hold one stream open at a time. */
    @RegisterExtension
    static final TestServer oneStream = TestServer.with(
            Map.of("auth.api_keys", OTHER, "limits.concurrent_streams", "1", "limits.images_per_minute", "0"));

    /** A server whose keys may ask for two images a minute, through MCP too. */
    @RegisterExtension
    static final TestServer twoImages = TestServer.with(Map.of("auth.api_keys", MCP, "limits.images_per_minute", "2"));

    private static HttpResponse<String> send(String key, String path, String json) {
        return send(server, key, path, json);
    }

    private static HttpResponse<String> send(TestServer server, String key, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + key);
        if (json != null) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return Wire.send(b.build());
    }

    @Test
    void aKeysRequestsPerMinuteAreCountedAndThenRefused() {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> ok = send(REQUESTS, "/v1/models", null);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).hasValue("5");
            assertThat(ok.headers().firstValue("x-ratelimit-remaining-requests"))
                    .hasValue(Integer.toString(4 - i));
            assertThat(ok.headers().firstValue("x-ratelimit-reset-requests"))
                    .get()
                    .asString()
                    .matches("\\d+(ms|s)|\\d+m\\d+s");
        }
        HttpResponse<String> refused = send(REQUESTS, "/v1/models", null);
        ApiErrors.assertError(refused, 429, "requests", "rate_limit_exceeded", null);
        assertThat(refused.body()).contains("requests per min (RPM): Limit 5");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(send(OTHER, "/v1/models", null).statusCode())
                .as("another key's minute")
                .isEqualTo(200);
    }

    /** While a key's one stream is open (its client does not read), a second is a 429; once it ends, one may open again. */
    @Test
    void aKeyHoldsAtMostItsConcurrentStreams() throws Exception {
        String stream = "{\"model\": \"gpt-image-1\", \"prompt\": \"a lighthouse\", \"size\": \"1024x1024\","
                + " \"steps\": 40, \"n\": 10, \"stream\": true, \"partial_images\": 3}";
        String auth = "Authorization: Bearer " + OTHER + "\r\n";
        try (StuckClient held = StuckClient.post(oneStream, "/v1/images/generations", stream, auth)) {
            held.readUntil("event: image_generation.partial_image");
            HttpResponse<String> second = Wire.send(HttpRequest.newBuilder(oneStream.uri("/v1/images/generations"))
                    .header("Authorization", "Bearer " + OTHER)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(stream.replace("\"n\": 10", "\"n\": 1")))
                    .build());
            ApiErrors.assertError(second, 429, "requests", "rate_limit_exceeded", null);
            assertThat(second.body()).contains("concurrent_streams");
        }
        String small = "{\"prompt\": \"a cat\", \"size\": \"64x64\", \"quality\": \"low\", \"stream\": true,"
                + " \"model\": \"gpt-image-1\"}";
        long deadline = System.nanoTime() + 30_000_000_000L;
        HttpResponse<String> after;
        do {
            Thread.sleep(100);
            after = Wire.send(HttpRequest.newBuilder(oneStream.uri("/v1/images/generations"))
                    .header("Authorization", "Bearer " + OTHER)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(small))
                    .build());
        } while (after.statusCode() == 429 && System.nanoTime() < deadline);
        assertThat(after.statusCode())
                .as("a stream once the held one ended: " + after.body())
                .isEqualTo(200);
    }

    @Test
    void imagesPerMinuteCountEachImageAsked() {
        String two =
                "{\"prompt\": \"a cat\", \"size\": \"64x64\", \"quality\": \"low\", \"n\": 2, \"model\": \"dall-e-2\"}";
        HttpResponse<String> ok = send(IMAGES, "/v1/images/generations", two);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.headers().firstValue("x-ratelimit-limit-images")).hasValue("2");
        assertThat(ok.headers().firstValue("x-ratelimit-remaining-images")).hasValue("0");

        ApiErrors.assertError(
                send(IMAGES, "/v1/images/generations", two.replace("\"n\": 2", "\"n\": 1")),
                429,
                "requests",
                "rate_limit_exceeded",
                null);
        ApiErrors.assertError(
                send(OTHER, "/v1/images/generations", two.replace("\"n\": 2", "\"n\": 3")),
                400,
                "invalid_request_error",
                "invalid_value",
                "n");
    }

    /** The MCP server's image tools make images as the Images API does: they spend the same minute. */
    @Test
    void mcpImageToolCallsCountAgainstTheKeysImagesPerMinute() {
        io.modelcontextprotocol.client.McpSyncClient client = io.modelcontextprotocol.client.McpClient.sync(
                        io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport.builder(
                                        twoImages.baseUrl())
                                .endpoint("/mcp")
                                .httpRequestCustomizer((builder, method, uri, body, context) ->
                                        builder.setHeader("Authorization", "Bearer " + MCP))
                                .build())
                .requestTimeout(java.time.Duration.ofSeconds(60))
                .build();
        try {
            client.initialize();
            java.util.function.Supplier<io.modelcontextprotocol.spec.McpSchema.CallToolResult> generate =
                    () -> client.callTool(io.modelcontextprotocol.spec.McpSchema.CallToolRequest.builder()
                            .name("generate_image")
                            .arguments(Map.of("prompt", "a kite", "size", "64x64", "steps", 1))
                            .build());
            assertThat(generate.get().isError()).isFalse();
            assertThat(generate.get().isError()).isFalse();
            io.modelcontextprotocol.spec.McpSchema.CallToolResult third = generate.get();
            assertThat(third.isError()).isTrue();
            assertThat(((io.modelcontextprotocol.spec.McpSchema.TextContent)
                                    third.content().getFirst())
                            .text())
                    .contains("Rate limit reached for images per min (IPM): Limit 2");
            ApiErrors.assertError(
                    send(twoImages, MCP, "/v1/images/generations", "{\"prompt\": \"a kite\", \"size\": \"64x64\"}"),
                    429,
                    "requests",
                    "rate_limit_exceeded",
                    null);
        } finally {
            client.closeGracefully();
        }
    }

    /** Requests to /mcp spend the key's requests per minute as any other route's. */
    @Test
    void mcpRequestsCountAgainstTheKeysRequestsPerMinute() {
        String ping = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"}";
        HttpResponse<String> last = null;
        for (int i = 0; i < 6; i++) {
            last = Wire.send(HttpRequest.newBuilder(server.uri("/mcp"))
                    .header("Authorization", "Bearer " + LIMITED_MCP)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(ping))
                    .build());
        }
        assertThat(last.statusCode()).as(last.body()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(last.body()).contains("requests per min (RPM): Limit 5");
    }
}
