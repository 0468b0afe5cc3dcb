package dev.easel.api;

import static dev.easel.api.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import dev.easel.engine.MattingMask;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code background: transparent} through the Images API and the Responses image tool, on a server
 * with the synthetic matting model: the file's alpha is the model's mask of the file's own colours
 * (worked out by {@link MattingMask}), in PNG and WebP; previews stay opaque; {@code auto} follows
 * the prompt; JPEG is refused as OpenAI refuses it.
 */
class TransparentBackgroundTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults().withMattingModel();

    private static OpenAIClient strict;

    @BeforeAll
    static void connect() {
        strict = OpenAiClients.strict(server);
    }

    @AfterAll
    static void disconnect() {
        strict.close();
    }

    /**
     * Every pixel's alpha is the mask of its colour, to within one level (float32 against double).
     * Where the file is fully transparent and {@code visibleOnly}, its colour is not checked: WebP
     * does not keep colours under transparent pixels.
     */
    static void assertAlphaIsTheMask(BufferedImage image, boolean visibleOnly) {
        assertThat(image.getColorModel().hasAlpha())
                .as("the file has an alpha channel")
                .isTrue();
        int checked = 0;
        int partial = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                int alpha = argb >>> 24;
                if (visibleOnly && alpha == 0) {
                    continue;
                }
                int expected = MattingMask.alpha(argb);
                assertThat(alpha).as("alpha at %d,%d", x, y).isBetween(expected - 1, expected + 1);
                checked++;
                partial += alpha > 0 && alpha < 255 ? 1 : 0;
            }
        }
        // a real cut-out, not all opaque or all clear
        assertThat(checked).isGreaterThan(image.getWidth() * image.getHeight() / 4);
        assertThat(partial).isPositive();
    }

    private static JsonNode generate(Map<String, Object> fields) {
        Map<String, Object> body = new java.util.HashMap<>(
                Map.of("model", "gpt-image-1", "prompt", "a kite", "size", "64x64", "seed", 11));
        body.putAll(fields);
        HttpResponse<String> response = Wire.postJson(server, "/v1/images/generations", Wire.write(body));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Wire.json(response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "webp"})
    void imagesApiTransparentFilesCarryTheMattingModelsMask(String format) {
        JsonNode body = generate(Map.of("background", "transparent", "output_format", format));
        assertThat(body.get("background").asString()).isEqualTo("transparent");
        assertThat(body.get("output_format").asString()).isEqualTo(format);
        byte[] file = WireImages.base64(body.at("/data/0/b64_json").asString());
        assertAlphaIsTheMask(WireImages.assertImage(file, format, 64, 64), format.equals("webp"));
    }

    @Test
    void theSdkReadsTheTransparentBackgroundBack() {
        ImagesResponse response = strict.images()
                .generate(ImageGenerateParams.builder()
                        .model("gpt-image-1")
                        .prompt("a kite")
                        .size("64x64")
                        .background(ImageGenerateParams.Background.TRANSPARENT)
                        .outputFormat(ImageGenerateParams.OutputFormat.WEBP)
                        .outputCompression(100L)
                        .putAdditionalBodyProperty("steps", JsonValue.from(1))
                        .build());
        assertThat(response.background().orElseThrow().known()).isEqualTo(ImagesResponse.Background.Known.TRANSPARENT);
        byte[] file = WireImages.base64(
                response.data().orElseThrow().getFirst().b64Json().orElseThrow());
        assertAlphaIsTheMask(WireImages.assertImage(file, "webp", 64, 64), true);
    }

    @Test
    void aStreamsPreviewsAreOpaqueAndItsCompletedImageTransparent() {
        HttpResponse<String> response = Wire.postJson(server, "/v1/images/generations", """
                {"prompt": "a kite", "size": "64x64", "background": "transparent", "stream": true,
                 "partial_images": 2, "seed": 4}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<SseFrames.Frame> frames = new SseFrames(response.body().lines().iterator()).all();
        assertThat(frames)
                .extracting(SseFrames.Frame::event)
                .containsExactly(
                        "image_generation.partial_image",
                        "image_generation.partial_image",
                        "image_generation.completed");
        for (SseFrames.Frame partial : frames.subList(0, 2)) {
            JsonNode event = Wire.json(partial.data());
            assertThat(event.get("background").asString()).isEqualTo("opaque");
            BufferedImage preview = WireImages.assertImage(
                    WireImages.base64(event.get("b64_json").asString()), "png", 64, 64);
            assertThat(preview.getColorModel().hasAlpha()).isFalse();
        }
        JsonNode completed = Wire.json(frames.get(2).data());
        assertThat(completed.get("background").asString()).isEqualTo("transparent");
        assertAlphaIsTheMask(
                WireImages.assertImage(
                        WireImages.base64(completed.get("b64_json").asString()), "png", 64, 64),
                false);
    }

    @Test
    void anEditCanBeTransparentToo() {
        HttpResponse<String> response = Wire.postMultipart(
                server,
                "/v1/images/edits",
                new Multipart()
                        .file("image", "in.png", "image/png", WireImages.png(WireImages.noise(64, 64, 5)))
                        .text("prompt", "the same kite")
                        .text("background", "transparent")
                        .text("steps", "2"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Wire.json(response.body());
        assertThat(body.get("background").asString()).isEqualTo("transparent");
        assertAlphaIsTheMask(
                WireImages.assertImage(
                        WireImages.base64(body.at("/data/0/b64_json").asString()), "png", 64, 64),
                false);
    }

    @Test
    void autoIsTransparentWhenThePromptAsksForItAndTheFormatAllows() {
        JsonNode asked = generate(Map.of("background", "auto", "prompt", "a kite sticker on a transparent background"));
        assertThat(asked.get("background").asString()).isEqualTo("transparent");
        assertAlphaIsTheMask(
                WireImages.assertImage(
                        WireImages.base64(asked.at("/data/0/b64_json").asString()), "png", 64, 64),
                false);
        assertThat(generate(Map.of("prompt", "a glass kite, transparent wings"))
                        .get("background")
                        .asString())
                .isEqualTo("opaque");
        JsonNode jpeg = generate(Map.of("prompt", "a kite with no background", "output_format", "jpeg"));
        assertThat(jpeg.get("background").asString()).isEqualTo("opaque");
        WireImages.assertImage(WireImages.base64(jpeg.at("/data/0/b64_json").asString()), "jpeg", 64, 64);
    }

    @Test
    void jpegWithTransparentIsRefusedAsOpenAiRefusesIt() {
        HttpResponse<String> response = Wire.postJson(
                server,
                "/v1/images/generations",
                "{\"prompt\": \"a kite\", \"background\": \"transparent\", \"output_format\": \"jpeg\"}");
        JsonNode error = assertError(response, 400, "invalid_request_error", "invalid_value", "background");
        assertThat(error.get("message").asString()).contains("'jpeg'").contains("'png' or 'webp'");
    }

    private static ObjectNode toolRequest(String background, String format) {
        ObjectNode body = dev.easel.json.Wire.object();
        body.put("model", "gpt-5");
        body.put("input", "a red kite over a beach");
        ObjectNode tool = body.putArray("tools").addObject();
        tool.put("type", "image_generation");
        tool.put("size", "64x64");
        tool.put("background", background);
        tool.put("output_format", format);
        tool.put("output_compression", 100);
        return body;
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "webp"})
    void theResponsesToolsTransparentCallCarriesTheMask(String format) {
        ObjectNode body = toolRequest("transparent", format);
        body.put("stream", true);
        ((ObjectNode) body.withArray("tools").get(0)).put("partial_images", 1);
        ResponseStream stream = ResponseStream.post(server, Wire.write(body));
        JsonNode partial = stream.events().stream()
                .filter(e -> e.get("type").asString().equals("response.image_generation_call.partial_image"))
                .findFirst()
                .orElseThrow();
        assertThat(partial.get("background").asString()).isEqualTo("opaque");
        JsonNode call = stream.finalResponse().get("output").get(0);
        assertThat(call.get("type").asString()).isEqualTo("image_generation_call");
        assertThat(call.get("background").asString()).isEqualTo("transparent");
        assertThat(call.get("output_format").asString()).isEqualTo(format);
        byte[] file = WireImages.base64(call.get("result").asString());
        assertAlphaIsTheMask(WireImages.assertImage(file, format, 64, 64), format.equals("webp"));
        // the request's own value is echoed on the tool, the resolved one on the call
        assertThat(stream.finalResponse().at("/tools/0/background").asString()).isEqualTo("transparent");
    }

    @Test
    void theResponsesToolRefusesJpegWithTransparentBeforeAnythingRuns() {
        HttpResponse<String> response =
                Wire.postJson(server, "/v1/responses", Wire.write(toolRequest("transparent", "jpeg")));
        assertError(response, 400, "invalid_request_error", "invalid_value", "tools[0].background");
    }
}
