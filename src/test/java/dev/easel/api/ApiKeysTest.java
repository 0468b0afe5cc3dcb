package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.easel.Config;
import dev.easel.Easel;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * API keys and ownership through the running server: two user keys that cannot see each other's
 * responses, files and image URLs, an admin key that sees everything and /metrics, OpenAI's 401,
 * the MCP endpoint behind the same keys, and no key text in the logs or the stored rows.
 */
class ApiKeysTest {
    static final String ALICE = "sk-alice-0123456789abcdefghijklmnopqrstuv";
    static final String BOB = "sk-bob-0123456789abcdefghijklmnopqrstuvwxyz";
    static final String ADMIN = "sk-admin-0123456789abcdefghijklmnopqrstuv";
    /** Open for the whole class (started before the server, so its start is captured too). */
    static final LogCapture logs = LogCapture.start();

    @RegisterExtension
    static final TestServer server =
            TestServer.withEnv(Map.of("EASEL_API_KEYS", ALICE + "," + BOB + ",admin:" + ADMIN));

    private static final String IMAGE_REQUEST = """
            {"model": "direct", "input": "a red square",
             "tools": [{"type": "image_generation", "size": "64x64", "quality": "low"}]}""";

    @org.junit.jupiter.api.AfterAll
    static void stopCapture() {
        logs.close();
    }

    private static HttpResponse<String> call(String method, String path, String key, String json) {
        return Wire.call(server, method, path, key, json);
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Wire.json(response.body());
    }

    @Test
    void withoutAKeyOrWithAWrongOneItIsOpenAisUnauthorized() {
        HttpResponse<String> none = call("GET", "/v1/models", null, null);
        ApiErrors.assertError(none, 401, "invalid_request_error", "invalid_api_key", null);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"easel\"");
        HttpResponse<String> wrong = call("GET", "/v1/models", "sk-wrong-0123456789abcdefghijklmnopqrst", null);
        ApiErrors.assertError(wrong, 401, "invalid_request_error", "invalid_api_key", null);
        assertThat(wrong.body()).doesNotContain("sk-wrong");
        ApiErrors.assertError(
                Wire.send(HttpRequest.newBuilder(server.uri("/v1/models"))
                        .header("Authorization", "Basic " + ALICE)
                        .build()),
                401,
                "invalid_request_error",
                "invalid_api_key",
                null);
        assertThat(call("GET", "/health", null, null).statusCode()).isEqualTo(200);
        ok(call("GET", "/v1/models", ALICE, null));
    }

    @Test
    void metricsNeedAnAdminKey() {
        ApiErrors.assertError(
                call("GET", "/metrics", ALICE, null), 403, "invalid_request_error", "insufficient_permissions", null);
        assertThat(call("GET", "/metrics", ADMIN, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anotherKeysResponsesAreNotFoundAndCannotBeContinued() {
        String id = ok(call("POST", "/v1/responses", ALICE, IMAGE_REQUEST))
                .get("id")
                .asString();

        ok(call("GET", "/v1/responses/" + id, ALICE, null));
        ok(call("GET", "/v1/responses/" + id + "/input_items", ALICE, null));
        for (String path : List.of(
                "/v1/responses/" + id, "/v1/responses/" + id + "/input_items", "/v1/responses/" + id + "/tree")) {
            ApiErrors.assertError(call("GET", path, BOB, null), 404, "invalid_request_error", null, null);
        }
        ApiErrors.assertError(
                call("POST", "/v1/responses/" + id + "/cancel", BOB, "{}"), 404, "invalid_request_error", null, null);
        ApiErrors.assertError(
                call("DELETE", "/v1/responses/" + id, BOB, null), 404, "invalid_request_error", null, null);
        HttpResponse<String> chained = call(
                "POST",
                "/v1/responses",
                BOB,
                IMAGE_REQUEST.replace(
                        "\"model\": \"direct\"", "\"model\": \"direct\", \"previous_response_id\": \"" + id + "\""));
        ApiErrors.assertError(
                chained, 400, "invalid_request_error", "previous_response_not_found", "previous_response_id");
        ok(call("GET", "/v1/responses/" + id, ADMIN, null));
        ok(call("GET", "/v1/responses/" + id, ALICE, null));
    }

    @Test
    void filesBelongToTheirKeyAndDeletingOneDeletesItsBytes() throws IOException {
        byte[] png = WireImages.png(WireImages.noise(32, 32, 1));
        Multipart form = new Multipart().text("purpose", "vision").file("file", "a.png", "image/png", png);
        HttpResponse<String> uploaded = Wire.send(HttpRequest.newBuilder(server.uri("/v1/files"))
                .header("Authorization", "Bearer " + ALICE)
                .header("Content-Type", form.contentType())
                .POST(form.publisher())
                .build());
        String file = ok(uploaded).get("id").asString();

        assertThat(call("GET", "/v1/files", BOB, null).body()).doesNotContain(file);
        assertThat(call("GET", "/v1/files", ALICE, null).body()).contains(file);
        assertThat(call("GET", "/v1/files", ADMIN, null).body()).contains(file);
        ApiErrors.assertError(call("GET", "/v1/files/" + file, BOB, null), 404, "invalid_request_error", null, null);
        ApiErrors.assertError(
                call("GET", "/v1/files/" + file + "/content", BOB, null), 404, "invalid_request_error", null, null);
        ApiErrors.assertError(call("DELETE", "/v1/files/" + file, BOB, null), 404, "invalid_request_error", null, null);
        String edit = """
                {"model": "direct", "input": [{"role": "user", "content": [{"type": "input_text", "text": "bluer"},
                  {"type": "input_image", "file_id": "%s"}]}],
                 "tools": [{"type": "image_generation", "size": "64x64", "quality": "low", "action": "edit"}]}""".formatted(file);
        // Input images are read when the run needs them: another key's file fails the run as a missing one.
        JsonNode failed = ok(call("POST", "/v1/responses", BOB, edit));
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("image_file_not_found");

        long blobsBefore = blobs();
        ok(call("DELETE", "/v1/files/" + file, ALICE, null));
        assertThat(blobs()).isEqualTo(blobsBefore - 1);
        ApiErrors.assertError(
                call("GET", "/v1/files/" + file + "/content", ALICE, null), 404, "invalid_request_error", null, null);
    }

    @Test
    void imageUrlsAreSignedAndAnAlteredOneIsNotFound() {
        JsonNode body = ok(call(
                "POST",
                "/v1/images/generations",
                ALICE,
                "{\"prompt\": \"a cat\", \"size\": \"64x64\", \"quality\": \"low\", \"response_format\": \"url\","
                        + " \"model\": \"dall-e-2\"}"));
        String url = body.get("data").get(0).get("url").asString();

        assertThat(url).contains("?expires=").contains("&sig=");
        assertThat(Wire.getBytes(url).statusCode())
                .as("the URL itself, without a key")
                .isEqualTo(200);
        assertThat(Wire.getBytes(url.substring(0, url.indexOf('?'))).statusCode())
                .isEqualTo(404);
        String altered = url.substring(0, url.length() - 2) + (url.endsWith("AA") ? "BB" : "AA");
        assertThat(Wire.getBytes(altered).statusCode()).isEqualTo(404);
        String later = url.replaceFirst("expires=\\d+", "expires=99999999999");
        assertThat(Wire.getBytes(later).statusCode()).isEqualTo(404);
    }

    /** A returned URL is built from the server's own address, never from a request's Host header. */
    @Test
    void imageUrlsDoNotTrustTheHostHeader() throws Exception {
        String body = "{\"prompt\": \"a cat\", \"size\": \"64x64\", \"quality\": \"low\","
                + " \"response_format\": \"url\", \"model\": \"dall-e-2\"}";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            String request = "POST /v1/images/generations HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer "
                    + ALICE + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body;
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").contains(server.baseUrl() + "/v1/images/files/");
            assertThat(answer).doesNotContain("evil.example");
        }
    }

    /** A web page elsewhere cannot make the visitor's browser post to Easel; the server's own pages can. */
    @Test
    void browsersCrossSitePostsAreRefused() {
        HttpRequest.Builder post = HttpRequest.newBuilder(server.uri("/v1/responses"))
                .header("Authorization", "Bearer " + ALICE)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(IMAGE_REQUEST));
        HttpResponse<String> cross =
                Wire.send(post.copy().header("Origin", "https://evil.example").build());
        ApiErrors.assertError(cross, 403, "invalid_request_error", "insufficient_permissions", null);
        assertThat(cross.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> own =
                Wire.send(post.copy().header("Origin", server.baseUrl()).build());
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    }

    @Test
    void theMcpEndpointTakesTheSameKeys() {
        String init = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", \"params\": {\"protocolVersion\":"
                + " \"2025-11-25\", \"capabilities\": {}, \"clientInfo\": {\"name\": \"t\", \"version\": \"1\"}}}";
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri("/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(init));
        HttpResponse<String> anonymous = Wire.send(b.build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        HttpResponse<String> keyed =
                Wire.send(b.header("Authorization", "Bearer " + BOB).build());
        assertThat(keyed.statusCode()).as(keyed.body()).isEqualTo(200);
    }

    /** After the other tests (JUnit's default order is deterministic but not declared; this test reads all logs). */
    @Test
    void noKeyAppearsInTheLogsOrTheStore() {
        ok(call("POST", "/v1/responses", ALICE, IMAGE_REQUEST));
        call("GET", "/v1/models", "sk-wrong-0123456789abcdefghijklmnopqrst", null);
        SecretScan scan = new SecretScan()
                .secret("alice's key", ALICE)
                .secret("bob's key", BOB)
                .secret("the admin key", ADMIN)
                .secret("the wrong key", "sk-wrong-0123456789abcdefghijklmnopqrst")
                .search("the logs", logs.everything());
        scan.searchStored(server.dataDir());
        scan.assertNothingFound();
    }

    @Test
    void aServerOthersCanReachRefusesToStartWithoutKeys() throws Exception {
        Path data = Files.createTempDirectory("easel-exposed");
        Config open = Config.defaults()
                .with(Map.of(
                        "host", "0.0.0.0",
                        "port", "0",
                        "data_dir", data.resolve("data").toString(),
                        "models_dir",
                                server.dataDir().getParent().resolve("models").toString(),
                        "default_model_repo", "",
                        "device", "cpu"));
        assertThatThrownBy(() -> Easel.start(open))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no API keys are set")
                .hasMessageContaining("easel keys create")
                .hasMessageContaining("--insecure-no-auth");
        try (Easel insecure = Easel.start(open.with(Map.of("insecure_no_auth", "true")))) {
            assertThat(insecure.port()).isPositive();
        }
        assertThat(logs.events().stream().map(ILoggingEvent::getFormattedMessage))
                .anyMatch(m -> m.contains("--insecure-no-auth: serving 0.0.0.0 without API keys"));
    }

    private static long blobs() throws IOException {
        try (Stream<Path> files = Files.list(server.dataDir().resolve("blobs"))) {
            return files.count();
        }
    }
}
