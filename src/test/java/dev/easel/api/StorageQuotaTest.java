package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The per-key stored-bytes limit through the wire: files and stored responses count, a request
 * past it is OpenAI's 429 {@code insufficient_quota} naming the limit, deleting makes room, and
 * another key's quota is its own.
 */
class StorageQuotaTest {
    static final String ALICE = "sk-alice-quota-0123456789abcdefghijklmnop";
    static final String BOB = "sk-bob-quota-0123456789abcdefghijklmnopqr";
    static final long LIMIT = 30_000;

    @RegisterExtension
    static final TestServer server =
            TestServer.with(Map.of("auth.api_keys", ALICE + "," + BOB, "limits.stored_bytes", Long.toString(LIMIT)));

    private static HttpResponse<String> upload(String key, int bytes) {
        Multipart form = new Multipart()
                .text("purpose", "user_data")
                .file("file", "data.bin", "application/octet-stream", new byte[bytes]);
        return Wire.send(HttpRequest.newBuilder(server.uri("/v1/files"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", form.contentType())
                .POST(form.publisher())
                .build());
    }

    private static HttpResponse<String> send(String key, String method, String path, String json) {
        return Wire.send(HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    @Test
    void filesAndStoredResponsesCountAgainstTheKeysLimit() {
        HttpResponse<String> first = upload(ALICE, 20_000);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String fileId = Wire.json(first.body()).get("id").asString();

        JsonNode refused =
                ApiErrors.assertError(upload(ALICE, 20_000), 429, "insufficient_quota", "insufficient_quota", null);
        assertThat(refused.get("message").asString())
                .contains("limits.stored_bytes")
                .contains(Long.toString(LIMIT))
                .contains("20000");
        assertThat(upload(BOB, 20_000).statusCode()).as("another key's quota").isEqualTo(200);

        // A stored response fits while the key is under its limit, and is counted once it is made.
        String text = "x".repeat(9_000);
        HttpResponse<String> stored =
                send(ALICE, "POST", "/v1/responses", "{\"model\": \"gpt-4.1\", \"input\": \"" + text + "\"}");
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        ApiErrors.assertError(
                send(ALICE, "POST", "/v1/responses", "{\"model\": \"gpt-4.1\", \"input\": \"more\"}"),
                429,
                "insufficient_quota",
                "insufficient_quota",
                null);
        HttpResponse<String> unstored =
                send(ALICE, "POST", "/v1/responses", "{\"model\": \"gpt-4.1\", \"input\": \"more\", \"store\": false}");
        assertThat(unstored.statusCode())
                .as("store: false keeps nothing, so it is not refused")
                .isEqualTo(200);

        // Deleting makes room again.
        assertThat(send(ALICE, "DELETE", "/v1/files/" + fileId, null).statusCode())
                .isEqualTo(200);
        assertThat(send(
                                ALICE,
                                "DELETE",
                                "/v1/responses/"
                                        + Wire.json(stored.body()).get("id").asString(),
                                null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(upload(ALICE, 20_000).statusCode()).isEqualTo(200);
    }
}
