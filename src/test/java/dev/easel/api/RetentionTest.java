package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * What a response leaves in the data folder: a deleted response takes its images' latents (what
 * an edit would start from) with it, and a {@code store: false} response leaves none at all; both
 * for a picture too small to be watermarked and for a watermarked one (whose latents moved to
 * the marked pixels' key).
 */
class RetentionTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static final String IMAGE_REQUEST = "{\"model\": \"direct\", \"input\": \"a red kite\", \"tools\":"
            + " [{\"type\": \"image_generation\", \"size\": \"%s\", \"quality\": \"low\"}]%s}";

    private static List<Path> latents() throws IOException {
        try (Stream<Path> files = Files.list(server.dataDir().resolve("latents"))) {
            return files.filter(p -> p.toString().endsWith(".lat")).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"64x64", "128x128"})
    void aDeletedResponseTakesItsImagesLatentsWithIt(String size) throws IOException {
        List<Path> before = latents();
        HttpResponse<String> made = Wire.postJson(server, "/v1/responses", IMAGE_REQUEST.formatted(size, ""));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        JsonNode response = Wire.json(made.body());
        assertThat(response.get("output").get(0).get("type").asString()).isEqualTo("image_generation_call");
        assertThat(latents()).as("its latents, under its id and its pixels").hasSizeGreaterThan(before.size());

        String id = response.get("id").asString();
        HttpResponse<String> deleted = Wire.send(HttpRequest.newBuilder(server.uri("/v1/responses/" + id))
                .DELETE()
                .build());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(latents()).containsExactlyInAnyOrderElementsOf(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"64x64", "128x128"})
    void aResponseThatIsNotStoredLeavesNoLatents(String size) throws IOException {
        List<Path> before = latents();
        HttpResponse<String> made =
                Wire.postJson(server, "/v1/responses", IMAGE_REQUEST.formatted(size, ", \"store\": false"));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        assertThat(Wire.json(made.body()).get("output").get(0).get("result").asString())
                .isNotEmpty();
        assertThat(latents()).containsExactlyInAnyOrderElementsOf(before);
    }
}
