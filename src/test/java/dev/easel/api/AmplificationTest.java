package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Small requests that would ask for much: one uploaded file named many times in an edit, input
 * images that together decode to too many pixels, a huge prompt. Each is a 400 naming its limit,
 * before anything is decoded or stored.
 */
class AmplificationTest {
    /** Inputs of 64×64 = 4,096 pixels each: two fit the budget (2 × max_image_pixels), three do not. */
    @RegisterExtension
    static final TestServer server = TestServer.with(Map.of("max_image_pixels", "4096"));

    private static String upload() {
        byte[] png = WireImages.png(WireImages.noise(64, 64, 3));
        HttpResponse<String> uploaded = Wire.postMultipart(
                server, "/v1/files", new Multipart().text("purpose", "vision").file("file", "a.png", "image/png", png));
        return Wire.json(uploaded.body()).get("id").asString();
    }

    private static String edit(String file, int times) {
        StringBuilder refs = new StringBuilder();
        for (int i = 0; i < times; i++) {
            refs.append(i == 0 ? "" : ",")
                    .append("{\"file_id\": \"")
                    .append(file)
                    .append("\"}");
        }
        return "{\"prompt\": \"bluer\", \"size\": \"64x64\", \"quality\": \"low\", \"images\": [" + refs + "]}";
    }

    @Test
    void oneFileNamedTwoHundredTimesIsRefusedBeforeAnyDecode() {
        String file = upload();
        String body = edit(file, 200);
        assertThat(body.length()).isLessThan(10_000);

        ApiErrors.assertError(
                Wire.postJson(server, "/v1/images/edits", body),
                400,
                "invalid_request_error",
                "invalid_value",
                "images");
    }

    @Test
    void inputImagesTogetherHaveAPixelBudgetCountedPerReference() {
        String file = upload();
        HttpResponse<String> two = Wire.postJson(server, "/v1/images/edits", edit(file, 2));
        assertThat(two.statusCode()).as(two.body()).isEqualTo(200);

        JsonNode error = ApiErrors.assertError(
                Wire.postJson(server, "/v1/images/edits", edit(file, 3)),
                400,
                "invalid_request_error",
                "image_too_large",
                "images[2]");
        assertThat(error.get("message").asString()).contains("8192 pixels").contains("each reference");
    }

    @Test
    void aHugePromptIsRefusedAndNothingIsStored() throws IOException {
        long before = size(server.dataDir());
        String text = "a".repeat(2_000_000);
        HttpResponse<String> refused = Wire.postJson(
                server,
                "/v1/responses",
                "{\"model\": \"direct\", \"input\": [{\"role\": \"user\", \"content\": [{\"type\": \"input_text\","
                        + " \"text\": \"" + text + "\"}]}], \"tools\": [{\"type\": \"image_generation\"}]}");

        ApiErrors.assertError(refused, 400, "invalid_request_error", "context_length_exceeded", "input");
        assertThat(refused.body()).contains("1048576");
        assertThat(size(server.dataDir()) - before)
                .as("bytes the data folder grew")
                .isLessThan(256 * 1024);
    }

    @Test
    void atMost128ToolsARequest() {
        String tools = String.join(", ", java.util.Collections.nCopies(129, "{\"type\": \"web_search\"}"));
        ApiErrors.assertError(
                Wire.postJson(
                        server,
                        "/v1/responses",
                        "{\"model\": \"direct\", \"input\": \"hi\", \"tools\": [" + tools + "]}"),
                400,
                "invalid_request_error",
                "invalid_value",
                "tools");
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
