package dev.easel.api;

import static dev.easel.api.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenStreamEvent;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImageModel;
import com.openai.models.images.ImagesResponse;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Every field and enum value of the official SDKs' image parameters is accepted, and the response
 * reports what was made (README: the Images API's mappings). The enum values are read from the
 * openai-java types themselves, so a value added to the SDK is covered when the SDK is updated.
 */
class ImageParamsTest {
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

    /** (field, value) for every constant of the SDK's enums for generations. */
    static Stream<Arguments> generationValues() {
        return Stream.of(
                        SdkEnums.values("quality", ImageGenerateParams.Quality.class),
                        SdkEnums.values("size", ImageGenerateParams.Size.class),
                        SdkEnums.values("background", ImageGenerateParams.Background.class),
                        SdkEnums.values("moderation", ImageGenerateParams.Moderation.class),
                        SdkEnums.values("output_format", ImageGenerateParams.OutputFormat.class),
                        SdkEnums.values("response_format", ImageGenerateParams.ResponseFormat.class),
                        SdkEnums.values("style", ImageGenerateParams.Style.class),
                        SdkEnums.values("complexity", ImageGenerateParams.Complexity.class),
                        // the npm SDK's, beyond the Java SDK's enums
                        List.of(Arguments.of("quality", "standard"), Arguments.of("quality", "hd")),
                        Stream.of("256x256", "512x512", "1792x1024", "1024x1792")
                                .map(size -> Arguments.of("size", size))
                                .toList())
                .flatMap(List::stream);
    }

    static Stream<Arguments> editValues() {
        return Stream.of(
                        SdkEnums.values("quality", ImageEditParams.Quality.class),
                        SdkEnums.values("size", ImageEditParams.Size.class),
                        SdkEnums.values("background", ImageEditParams.Background.class),
                        SdkEnums.values("output_format", ImageEditParams.OutputFormat.class),
                        SdkEnums.values("input_fidelity", ImageEditParams.InputFidelity.class),
                        SdkEnums.values("response_format", ImageEditParams.ResponseFormat.class),
                        SdkEnums.values("complexity", ImageEditParams.Complexity.class),
                        List.of(Arguments.of("quality", "standard"), Arguments.of("moderation", "low")))
                .flatMap(List::stream);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("generationValues")
    void everyGenerationValueIsAcceptedAndReportedAsMade(String field, String value) {
        HttpResponse<String> response = Wire.postJson(
                server,
                "/v1/images/generations",
                Wire.write(Map.of("model", "gpt-image-1", "prompt", "a kite", "steps", 1, field, value)));
        assertMade(response, field, value, "64x64");
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("editValues")
    void everyEditValueIsAcceptedAndReportedAsMade(String field, String value) {
        HttpResponse<String> response = Wire.postMultipart(
                server,
                "/v1/images/edits",
                new Multipart()
                        .file("image", "in.png", "image/png", WireImages.png(WireImages.noise(96, 64, 5)))
                        .text("model", "gpt-image-1")
                        .text("prompt", "a kite")
                        .text("steps", "1")
                        .text(field, value));
        assertMade(response, field, value, "96x64");
    }

    /** Every name of the SDK's ImageModel, and dated snapshots of each family, resolve to the local model. */
    static Stream<String> modelNames() {
        List<String> names = new ArrayList<>(SdkEnums.values("model", ImageModel.class).stream()
                .map(a -> (String) a.get()[1])
                .toList());
        names.addAll(List.of(
                "chatgpt-image-latest",
                "gpt-image-1-2025-04-23",
                "gpt-image-1-mini-2025-10-06",
                "gpt-image-1.5-2025-12-16",
                "gpt-image-2-2026-04-21",
                "gpt-image-2.5-flare-2026-09-08",
                "gpt-image-3"));
        return names.stream().distinct();
    }

    @ParameterizedTest
    @MethodSource("modelNames")
    void everyGptImageModelNameResolves(String model) {
        HttpResponse<String> response = Wire.postJson(
                server,
                "/v1/images/generations",
                Wire.write(Map.of("model", model, "prompt", "a kite", "size", "64x64", "steps", 1)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode entry = Wire.json(Wire.get(server, "/v1/models/" + model).body());
        assertThat(entry.get("id").asString()).isEqualTo(model);
        assertThat(entry.get("easel_alias_of").asString()).isEqualTo("tiny");
    }

    @Test
    void otherModelNamesAreStillNotFound() {
        assertError(
                Wire.postJson(server, "/v1/images/generations", "{\"model\": \"gpt-imagery\", \"prompt\": \"a kite\"}"),
                404,
                "invalid_request_error",
                "model_not_found",
                "model");
    }

    /** The SDK's newest fields through its own builder, with response validation on. */
    @Test
    void sdkGenerationWithEveryNewFieldValidatesAndEchoesTheSafetyIdentifier() {
        ImagesResponse response = strict.images()
                .generate(ImageGenerateParams.builder()
                        .model(ImageModel.CHATGPT_IMAGE_LATEST)
                        .prompt("a kite")
                        .size("64x64")
                        .quality(ImageGenerateParams.Quality.XHIGH)
                        .background(ImageGenerateParams.Background.TRANSPARENT)
                        .outputFormat(ImageGenerateParams.OutputFormat.GIF)
                        .complexity(ImageGenerateParams.Complexity.HIGH)
                        .frameCount(4)
                        .frameDurationMs(120)
                        .svg(ImageGenerateParams.Svg.builder().model("any").build())
                        .safetyIdentifier("user-7f3a")
                        .putAdditionalBodyProperty("steps", JsonValue.from(1))
                        .build());

        assertThat(response.safetyIdentifier()).hasValue("user-7f3a");
        assertThat(response.quality().orElseThrow().known()).isEqualTo(ImagesResponse.Quality.Known.HIGH);
        assertThat(response.background().orElseThrow().known()).isEqualTo(ImagesResponse.Background.Known.TRANSPARENT);
        assertThat(response.outputFormat().orElseThrow().known()).isEqualTo(ImagesResponse.OutputFormat.Known.PNG);
        WireImages.assertImage(
                WireImages.base64(
                        response.data().orElseThrow().getFirst().b64Json().orElseThrow()),
                "png",
                64,
                64);
    }

    @Test
    void sdkEditTakesTheSafetyIdentifierAndEchoesIt() {
        ImagesResponse response = strict.images()
                .edit(ImageEditParams.builder()
                        .model("gpt-image-2-2026-04-21")
                        .prompt("a kite")
                        .image(WireImages.png(WireImages.noise(64, 64, 6)))
                        .size("64x64")
                        .quality(ImageEditParams.Quality.MAX)
                        .safetyIdentifier("user-7f3a")
                        .build());

        assertThat(response.safetyIdentifier()).hasValue("user-7f3a");
        assertThat(response.quality().orElseThrow().known()).isEqualTo(ImagesResponse.Quality.Known.HIGH);
    }

    @Test
    void streamedGenerationEchoesTheSafetyIdentifierInTheCompletedEvent() {
        List<ImageGenStreamEvent> events;
        try (StreamResponse<ImageGenStreamEvent> stream = strict.images()
                .generateStreaming(ImageGenerateParams.builder()
                        .model("gpt-image-1")
                        .prompt("a kite")
                        .size("64x64")
                        .safetyIdentifier("user-7f3a")
                        .build())) {
            events = stream.stream().toList();
        }
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().asGenerationCompleted().safetyIdentifier()).hasValue("user-7f3a");
    }

    /**
     * size auto reports the size the image is: the SDK's enum value when it is one of them (an
     * edit keeps its source's size), its real WxH otherwise.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1024x1536", "1536x1024", "1024x1024", "100x60"})
    void autoSizeReportsTheSizeOfTheImage(String source) {
        String[] wh = source.split("x");
        int w = Integer.parseInt(wh[0]);
        int h = Integer.parseInt(wh[1]);
        ImagesResponse response = strict.images()
                .edit(ImageEditParams.builder()
                        .model("gpt-image-1")
                        .prompt("a kite")
                        .image(WireImages.png(WireImages.noise(w, h, 8)))
                        .size(ImageEditParams.Size.AUTO)
                        .putAdditionalBodyProperty("steps", JsonValue.from(1))
                        .build());

        String made = source.equals("100x60") ? "104x64" : source; // rounded to multiples of 8, at least 64
        assertThat(response.size().orElseThrow().asString()).isEqualTo(made);
        if (!source.equals("100x60")) {
            assertThat(response.size().orElseThrow().known().name()).isEqualTo("_" + source.toUpperCase());
        }
        String[] m = made.split("x");
        WireImages.assertImage(
                WireImages.base64(
                        response.data().orElseThrow().getFirst().b64Json().orElseThrow()),
                "png",
                Integer.parseInt(m[0]),
                Integer.parseInt(m[1]));
    }

    @Test
    void markupIsDrawnOntoTheImageBeforeTheEdit() {
        byte[] source = WireImages.png(WireImages.noise(64, 64, 9));
        BufferedImage drawing = WireImages.maskWithHole(64, 64, 0, 0, 64, 32); // top half clear, bottom black
        HttpResponse<String> plain = editWith(source, null);
        HttpResponse<String> marked = editWith(source, WireImages.png(drawing));
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
        BufferedImage a = WireImages.decode(
                WireImages.base64(Wire.json(plain.body()).at("/data/0/b64_json").asString()));
        BufferedImage b = WireImages.decode(WireImages.base64(
                Wire.json(marked.body()).at("/data/0/b64_json").asString()));
        assertThat(WireImages.meanAbsDiff(a, b)).as("same seed, marked source").isGreaterThan(1.0);
    }

    @Test
    void markupMistakesNameMarkup() {
        byte[] source = WireImages.png(WireImages.noise(64, 64, 9));
        byte[] opaque = WireImages.png(WireImages.maskWithHole(64, 64, 0, 0, 0, 0));
        byte[] otherSize = WireImages.png(WireImages.maskWithHole(32, 32, 0, 0, 8, 8));
        byte[] mask = WireImages.png(WireImages.maskWithHole(64, 64, 0, 0, 8, 8));
        assertError(editWith(source, opaque), 400, "invalid_request_error", "invalid_value", "markup");
        assertError(editWith(source, otherSize), 400, "invalid_request_error", "invalid_value", "markup");
        HttpResponse<String> both = Wire.postMultipart(
                server,
                "/v1/images/edits",
                new Multipart()
                        .file("image", "in.png", "image/png", source)
                        .file("mask", "mask.png", "image/png", mask)
                        .file("markup", "markup.png", "image/png", mask)
                        .text("prompt", "a kite"));
        assertError(both, 400, "invalid_request_error", "invalid_value", "markup");
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("outOfRange")
    void newFieldsAreValidated(String field, String json, String code) {
        assertError(
                Wire.postJson(
                        server,
                        "/v1/images/generations",
                        "{\"model\": \"gpt-image-1\", \"prompt\": \"a kite\", \"" + field + "\": " + json + "}"),
                400,
                "invalid_request_error",
                code,
                field);
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of("quality", "\"ultra\"", "invalid_value"),
                Arguments.of("complexity", "\"extreme\"", "invalid_value"),
                Arguments.of("frame_count", "1", "invalid_value"),
                Arguments.of("frame_count", "17", "invalid_value"),
                Arguments.of("frame_duration_ms", "-1", "invalid_value"),
                Arguments.of("svg", "\"pretty\"", "invalid_type"),
                Arguments.of("safety_identifier", "42", "invalid_type"));
    }

    private static HttpResponse<String> editWith(byte[] source, byte[] markup) {
        Multipart form = new Multipart()
                .file("image", "in.png", "image/png", source)
                .text("model", "gpt-image-1")
                .text("prompt", "a kite")
                .text("seed", "5");
        if (markup != null) {
            form.part("markup", "image/png", markup);
        }
        return Wire.postMultipart(server, "/v1/images/edits", form);
    }

    private static void assertMade(HttpResponse<String> response, String field, String value, String autoSize) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Wire.json(response.body());
        String quality = field.equals("quality") ? value : "auto";
        assertThat(body.get("quality").asString())
                .isEqualTo(
                        switch (quality) {
                            case "low" -> "low";
                            case "high", "hd", "xhigh", "max" -> "high";
                            default -> "medium";
                        });
        // transparent is made (the server has a matting model); auto is opaque for a prompt that does not ask
        assertThat(body.get("background").asString())
                .isEqualTo(field.equals("background") && value.equals("transparent") ? "transparent" : "opaque");
        String format = field.equals("output_format") && !List.of("gif", "svg").contains(value) ? value : "png";
        assertThat(body.get("output_format").asString()).isEqualTo(format);
        String size = field.equals("size") && !value.equals("auto") ? value : autoSize;
        assertThat(body.get("size").asString()).isEqualTo(size);
        JsonNode image = body.at("/data/0");
        byte[] bytes = field.equals("response_format") && value.equals("url")
                ? Wire.getBytes(image.get("url").asString()).body()
                : WireImages.base64(image.get("b64_json").asString());
        String[] wh = size.split("x");
        WireImages.assertImage(bytes, format, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
    }
}
