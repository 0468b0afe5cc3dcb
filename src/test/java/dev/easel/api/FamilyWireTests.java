package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One model family through the wire, both APIs: generate, stream partial images and edit with the
 * Images API, and generate (streamed, with a partial image) and edit with the Responses API's
 * image_generation tool. Each family's test class serves its tiny synthetic model.
 */
abstract class FamilyWireTests {
    static final int SIZE = 64;

    abstract TestServer server();

    @Test
    void theImagesApiGeneratesAtTheAskedSize() {
        JsonNode body = ok(Wire.postJson(server(), "/v1/images/generations", """
                {"model": "gpt-image-1", "prompt": "a kite over the dunes", "size": "64x96", "steps": 2, "seed": 3}"""));
        assertThat(body.at("/size").asString()).isEqualTo("64x96");
        WireImages.assertImage(WireImages.base64(body.at("/data/0/b64_json").asString()), "png", 64, 96);
    }

    @Test
    void theImagesApiStreamsPartialImages() {
        ResponseStream stream = ResponseStream.read(Wire.postJson(server(), "/v1/images/generations", """
                {"model": "gpt-image-1", "prompt": "a kite", "size": "64x64", "steps": 3, "stream": true,
                 "partial_images": 2}"""));
        assertThat(stream.types())
                .containsExactly(
                        "image_generation.partial_image",
                        "image_generation.partial_image",
                        "image_generation.completed");
        for (JsonNode event : stream.events()) {
            WireImages.assertImage(WireImages.base64(event.get("b64_json").asString()), "png", SIZE, SIZE);
        }
    }

    @Test
    void theImagesApiEditsKeepingWhatIsOutsideTheMask() {
        BufferedImage source = WireImages.noise(SIZE, SIZE, 21);
        byte[] mask = WireImages.png(WireImages.maskWithHole(SIZE, SIZE, 0, 0, 16, 16));
        JsonNode body = ok(Wire.postMultipart(
                server(),
                "/v1/images/edits",
                new Multipart()
                        .file("image", "in.png", "image/png", WireImages.png(source))
                        .file("mask", "mask.png", "image/png", mask)
                        .text("model", "gpt-image-1")
                        .text("prompt", "a red kite")
                        .text("steps", "2")
                        .text("seed", "5")));
        BufferedImage edited = WireImages.assertImage(
                WireImages.base64(body.at("/data/0/b64_json").asString()), "png", SIZE, SIZE);
        // The mask's feather reaches 12 pixels beyond it; everything further away is the source's.
        for (int y = 32; y < SIZE; y++) {
            for (int x = 32; x < SIZE; x++) {
                assertThat(edited.getRGB(x, y) & 0xFFFFFF)
                        .as("pixel (%d, %d)", x, y)
                        .isEqualTo(source.getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertThat(WireImages.meanAbsDiff(edited, source)).isPositive();
    }

    @Test
    void theResponsesToolStreamsAPartialImageAndTheResult() {
        ResponseStream stream = ResponseStream.post(server(), """
                {"model": "gpt-4.1", "input": "a lighthouse at dusk", "stream": true,
                 "tools": [{"type": "image_generation", "size": "64x64", "quality": "high", "partial_images": 1}]}""");
        List<String> types = stream.types();
        assertThat(types).contains("response.image_generation_call.partial_image", "response.completed");
        assertThat(types.stream().filter(t -> t.equals("response.image_generation_call.partial_image")))
                .hasSize(1);
        JsonNode call = stream.finalResponse().get("output").get(0);
        assertThat(call.get("type").asString()).isEqualTo("image_generation_call");
        assertThat(call.get("status").asString()).isEqualTo("completed");
        WireImages.assertImage(WireImages.base64(call.get("result").asString()), "png", SIZE, SIZE);
    }

    @Test
    void theResponsesToolEditsAnInputImage() {
        String dataUrl = WireImages.pngDataUrl(WireImages.png(WireImages.noise(SIZE, SIZE, 8)));
        JsonNode response = ok(Wire.postJson(server(), "/v1/responses", """
                {"model": "gpt-4.1",
                 "input": [{"role": "user", "content": [{"type": "input_text", "text": "make it blue"},
                                                        {"type": "input_image", "image_url": "%s"}]}],
                 "tools": [{"type": "image_generation", "size": "64x64"}]}""".formatted(dataUrl)));
        JsonNode call = response.get("output").get(0);
        assertThat(call.get("action").asString()).isEqualTo("edit");
        WireImages.assertImage(WireImages.base64(call.get("result").asString()), "png", SIZE, SIZE);
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Wire.json(response.body());
    }
}
