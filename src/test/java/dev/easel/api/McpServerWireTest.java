package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * {@code /mcp} as raw Streamable HTTP: the Origin check, cancellation by
 * {@code notifications/cancelled}, the methods the endpoint answers, refusals that are never 5xx,
 * and Easel's other routes as before.
 */
class McpServerWireTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    @RegisterExtension
    static final TestServer small = TestServer.with(java.util.Map.of("max_body_bytes", "200000"));

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\
            "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    @Test
    void aWrongOriginIsRefusedWith403AndTheServersOwnOrNoneIsLetIn() throws IOException {
        HttpResponse<String> evil = post(INITIALIZE, null, "http://evil.example");
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(Wire.json(evil.body()).get("error").get("message").asString())
                .isEqualTo("Invalid Origin header");
        assertThat(post(INITIALIZE, null, "http://127.0.0.1:" + server.port() + ".evil.example")
                        .statusCode())
                .isEqualTo(403);
        assertThat(post(INITIALIZE, null, "http://localhost:1").statusCode()).isEqualTo(403);
        assertThat(rawStatusLine("evil.example:" + server.port()))
                .as("a DNS-rebound Host: the SDK validator's 421")
                .startsWith("HTTP/1.1 421 ");
        assertThat(rawStatusLine("127.0.0.1:" + server.port())).startsWith("HTTP/1.1 200");
        HttpResponse<String> get = Wire.send(request(null, "http://evil.example")
                .header("Accept", "text/event-stream")
                .GET()
                .build());
        assertThat(get.statusCode()).isEqualTo(403);

        assertThat(post(INITIALIZE, null, "http://127.0.0.1:" + server.port()).statusCode())
                .isEqualTo(200);
        assertThat(post(INITIALIZE, null, "http://localhost:" + server.port()).statusCode())
                .isEqualTo(200);
        assertThat(post(INITIALIZE, null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void notificationsCancelledStopsTheEngineJob() throws Exception {
        String session = initialize();
        String call = """
                {"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"name":"generate_image",\
                "arguments":{"prompt":"a long one","size":"64x64","steps":150,"n":10},\
                "_meta":{"progressToken":"t"}}}""";
        HttpResponse<Stream<String>> stream = Wire.HTTP.send(
                request(session, null)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(call))
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<JsonNode> messages = new ArrayList<>();
        Iterator<String> lines = stream.body().iterator();
        JsonNode result = null;
        boolean cancelSent = false;
        while (result == null && lines.hasNext()) {
            String line = lines.next();
            if (!line.startsWith("data:") || line.substring(5).isBlank()) {
                continue;
            }
            JsonNode message = Wire.json(line.substring(5));
            messages.add(message);
            if (message.path("method").asString("").equals("notifications/progress") && !cancelSent) {
                HttpResponse<String> cancelled = post("""
                        {"jsonrpc":"2.0","method":"notifications/cancelled",\
                        "params":{"requestId":42,"reason":"changed my mind"}}""", session, null);
                assertThat(cancelled.statusCode()).isEqualTo(202);
                cancelSent = true;
            } else if (message.has("id") && message.get("id").asInt() == 42) {
                result = message.get("result");
            }
        }
        assertThat(cancelSent)
                .as("a progress notification arrived before the result")
                .isTrue();
        assertThat(result).as("the call's answer, after %s", messages.size()).isNotNull();
        assertThat(result.get("isError").asBoolean()).isTrue();
        assertThat(result.get("content").get(0).get("text").asString()).isEqualTo("The request was cancelled.");
        long steps = messages.stream()
                .filter(m -> m.path("method").asString("").equals("notifications/progress"))
                .count();
        assertThat(steps)
                .as("the job stopped long before 10 images of 150 steps")
                .isLessThan(150);
        assertThat(messages.stream()
                        .filter(m -> m.path("method").asString("").equals("notifications/progress"))
                        .map(m -> m.get("params").get("progress").asInt())
                        .toList())
                .as("on the wire, one notification per step, in order")
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, (int) steps)
                        .boxed()
                        .toList());
        String metrics = Wire.get(server, "/metrics").body();
        assertThat(metrics).containsPattern("easel_jobs_total\\{outcome=\"cancelled\"[^}]*} [1-9]");
    }

    @Test
    void getAndDeleteReachTheSdkAndADeletedSessionIsGone() {
        String session = initialize();
        // Javalin would answer 404 with OpenAI's error; these are the SDK's answers.
        HttpResponse<String> noSession = Wire.send(request(null, null)
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "text/event-stream")
                .GET()
                .build());
        assertThat(noSession.statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = Wire.send(request("no-such-session", null)
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "text/event-stream")
                .GET()
                .build());
        assertThat(unknown.statusCode()).isEqualTo(404);

        HttpResponse<String> deleted = Wire.send(request(session, null).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(200);
        HttpResponse<String> after = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", session, null);
        assertThat(after.statusCode()).isEqualTo(404);
    }

    @Test
    void malformedMessagesAreClientErrorsNeverServerErrors() {
        String session = initialize();
        for (String body : List.of(
                "not json",
                "[]",
                "[{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}]",
                "{}",
                "{\"jsonrpc\":\"2.0\",\"id\":3}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{}}",
                "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"tools/call\",\"params\":7}")) {
            HttpResponse<String> response = post(body, session, null);
            assertThat(response.statusCode()).as(body + " → " + response.body()).isBetween(200, 499);
        }
        HttpResponse<String> noSession = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}", null, null);
        assertThat(noSession.statusCode()).isBetween(400, 499);
        HttpResponse<String> plain = Wire.send(request(session, null)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertThat(plain.statusCode()).isBetween(400, 499);
        HttpResponse<String> tooLarge = Wire.send(HttpRequest.newBuilder(small.uri("/mcp"))
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "a".repeat(300_000) + "\"}"))
                .build());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(Wire.json(tooLarge.body()).get("error").get("message").asString())
                .isEqualTo(ApiServer.bodyTooLargeMessage(200_000));
    }

    /** Found by {@link FuzzTest}: the SDK answered these with its exception serialized, or (for null) a 500. */
    @Test
    void malformedMessagesAreJsonRpcErrorsWithoutJavaInternals() {
        String session = initialize();
        for (String body : List.of(
                "null",
                "{\"jsonrpc\":\"2.0\",\"id\":9223372036854775808,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":[]}",
                "{\"jsonrpc\":1,\"id\":1,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":-1}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":7}}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"x\":" + "[".repeat(200) + "]".repeat(200)
                        + "}")) {
            HttpResponse<String> response = post(body, session, null);
            assertThat(response.statusCode()).as(body + " → " + response.body()).isEqualTo(400);
            JsonNode answer = Wire.json(response.body());
            assertThat(answer.get("jsonrpc").asString()).isEqualTo("2.0");
            assertThat(answer.get("error").get("code").isInt()).isTrue();
            assertThat(response.body())
                    .as(body)
                    .doesNotContain("Exception")
                    .doesNotContain("tools.jackson")
                    .doesNotContain("localizedMessage");
        }
    }

    @Test
    void easelsOtherRoutesAndErrorsAreAsBefore() {
        assertThat(Wire.get(server, "/v1/models").statusCode()).isEqualTo(200);
        HttpResponse<String> nested = Wire.get(server, "/mcp/other");
        assertThat(nested.statusCode()).isEqualTo(404);
        assertThat(Wire.json(nested.body()).get("error").get("message").asString())
                .isEqualTo("Invalid URL (GET /mcp/other)");
        HttpResponse<String> generation = Wire.postJson(server, "/v1/images/generations", "{\"size\":\"big\"}");
        assertThat(generation.statusCode()).isEqualTo(400);
        assertThat(generation.headers().firstValue("x-request-id")).isPresent();
    }

    /** java.net.http will not send another Host than the URL's: a socket will. */
    private static String rawStatusLine(String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            byte[] body = INITIALIZE.getBytes(StandardCharsets.UTF_8);
            String head = "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    private static String initialize() {
        HttpResponse<String> init = post(INITIALIZE, null, null);
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("mcp-session-id").orElseThrow();
        HttpResponse<String> initialized =
                post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", session, null);
        assertThat(initialized.statusCode()).isEqualTo(202);
        return session;
    }

    private static HttpResponse<String> post(String body, String session, String origin) {
        return Wire.send(request(session, origin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static HttpRequest.Builder request(String session, String origin) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.uri("/mcp"))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25");
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return builder;
    }
}
