package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.images.Image;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageEditStreamEvent;
import com.openai.models.images.ImageGenStreamEvent;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The official OpenAI Java SDK against a real server: generations, URLs, masked edits and streams. */
class OpenAiSdkImagesTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static OpenAIClient client;

    @BeforeAll
    static void connect() {
        client = OpenAiClients.plain(server);
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "webp"})
    void generatesTwoImagesInTheRequestedFormat(String format) {
        ImagesResponse response = client.images()
                .generate(ImageGenerateParams.builder()
                        .model("gpt-image-1")
                        .prompt("a lighthouse at dusk")
                        .size("64x64")
                        .n(2)
                        .outputFormat(ImageGenerateParams.OutputFormat.of(format))
                        .build());

        assertThat(response.outputFormat().orElseThrow().asString()).isEqualTo(format);
        assertThat(response.size().orElseThrow().asString()).isEqualTo("64x64");
        List<Image> data = response.data().orElseThrow();
        assertThat(data).hasSize(2);
        for (Image image : data) {
            assertThat(image.url()).isEmpty();
            WireImages.assertImage(WireImages.base64(image.b64Json().orElseThrow()), format, 64, 64);
        }
        var usage = response.usage().orElseThrow();
        assertThat(usage.outputTokens()).isEqualTo(2 * 4); // 64x64 is four 32x32 patches per image
        assertThat(usage.totalTokens()).isEqualTo(usage.inputTokens() + usage.outputTokens());
    }

    @Test
    void dallE2AnswersWithAUrlThatServesThePicture() {
        ImagesResponse response = client.images()
                .generate(ImageGenerateParams.builder()
                        .model("dall-e-2")
                        .prompt("a red bicycle")
                        .size("64x64")
                        .responseFormat(ImageGenerateParams.ResponseFormat.URL)
                        .build());

        Image image = response.data().orElseThrow().getFirst();
        assertThat(image.b64Json()).isEmpty();
        String url = image.url().orElseThrow();
        assertThat(url).startsWith(server.baseUrl() + "/v1/images/files/").contains(".png?expires=");
        HttpResponse<byte[]> fetched = Wire.getBytes(url);
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.headers().firstValue("content-type")).hasValue("image/png");
        WireImages.assertImage(fetched.body(), "png", 64, 64);
    }

    @Test
    void maskedEditKeepsEveryPixelAwayFromTheHoleExactly() {
        BufferedImage source = WireImages.noise(64, 64, 7);
        ImagesResponse response = client.images()
                .edit(ImageEditParams.builder()
                        .model("gpt-image-1")
                        .prompt("a window in the wall")
                        .image(WireImages.png(source))
                        .mask(WireImages.png(WireImages.maskWithHole(64, 64, 24, 24, 40, 40)))
                        .size("64x64")
                        .outputFormat(ImageEditParams.OutputFormat.PNG)
                        .build());

        BufferedImage edited = WireImages.assertImage(
                WireImages.base64(
                        response.data().orElseThrow().getFirst().b64Json().orElseThrow()),
                "png",
                64,
                64);
        int kept = 0;
        int changedInside = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int dx = Math.max(0, Math.max(24 - x, x - 39));
                int dy = Math.max(0, Math.max(24 - y, y - 39));
                boolean same = (edited.getRGB(x, y) & 0xFFFFFF) == (source.getRGB(x, y) & 0xFFFFFF);
                if (dx * dx + dy * dy > 12 * 12) {
                    assertThat(edited.getRGB(x, y) & 0xFFFFFF)
                            .as("pixel (%d,%d), outside the mask", x, y)
                            .isEqualTo(source.getRGB(x, y) & 0xFFFFFF);
                    kept++;
                } else if (dx == 0 && dy == 0 && !same) {
                    changedInside++;
                }
            }
        }
        assertThat(kept).as("pixels checked").isGreaterThan(64 * 64 / 2);
        assertThat(changedInside)
                .as("pixels the edit repainted inside the hole")
                .isGreaterThan(16 * 16 / 2);
    }

    @Test
    void streamedGenerationSendsTwoPartialImagesThenTheCompletedOne() {
        List<ImageGenStreamEvent> events;
        try (StreamResponse<ImageGenStreamEvent> stream = client.images()
                .generateStreaming(ImageGenerateParams.builder()
                        .model("gpt-image-1")
                        .prompt("a paper boat")
                        .size("64x64")
                        .partialImages(2)
                        .build())) {
            events = stream.stream().toList();
        }

        assertThat(events).hasSize(3);
        for (int i = 0; i < 2; i++) {
            assertThat(events.get(i).isGenerationPartialImage())
                    .as("event %d is a partial image", i)
                    .isTrue();
            var partial = events.get(i).asGenerationPartialImage();
            assertThat(partial.partialImageIndex()).isEqualTo(i);
            assertThat(partial.size().asString()).isEqualTo("64x64");
            WireImages.assertImage(WireImages.base64(partial.b64Json()), "png", 64, 64);
        }
        assertThat(events.get(2).isGenerationCompleted())
                .as("last event is completed")
                .isTrue();
        var completed = events.get(2).asGenerationCompleted();
        assertThat(completed.outputFormat().asString()).isEqualTo("png");
        assertThat(completed.usage().outputTokens()).isEqualTo(4);
        WireImages.assertImage(WireImages.base64(completed.b64Json()), "png", 64, 64);
    }

    @Test
    void streamedEditSendsImageEditEvents() {
        List<ImageEditStreamEvent> events;
        try (StreamResponse<ImageEditStreamEvent> stream = client.images()
                .editStreaming(ImageEditParams.builder()
                        .model("gpt-image-1")
                        .prompt("the same, in winter")
                        .image(WireImages.png(WireImages.noise(64, 64, 3)))
                        .size("64x64")
                        .partialImages(2)
                        .outputFormat(ImageEditParams.OutputFormat.WEBP)
                        .build())) {
            events = stream.stream().toList();
        }

        assertThat(events).hasSize(3);
        for (int i = 0; i < 2; i++) {
            assertThat(events.get(i).isPartialImage())
                    .as("event %d is a partial image", i)
                    .isTrue();
            var partial = events.get(i).asPartialImage();
            assertThat(partial._type().convert(String.class)).isEqualTo("image_edit.partial_image");
            assertThat(partial.partialImageIndex()).isEqualTo(i);
            WireImages.assertImage(WireImages.base64(partial.b64Json()), "webp", 64, 64);
        }
        assertThat(events.get(2).isCompleted()).as("last event is completed").isTrue();
        var completed = events.get(2).asCompleted();
        assertThat(completed._type().convert(String.class)).isEqualTo("image_edit.completed");
        WireImages.assertImage(WireImages.base64(completed.b64Json()), "webp", 64, 64);
    }

    @Test
    void unknownModelIsTheSdksNotFoundExceptionWithCodeAndParam() {
        assertThatThrownBy(() -> client.images()
                        .generate(ImageGenerateParams.builder()
                                .model("no-such-model")
                                .prompt("anything")
                                .build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.code()).hasValue("model_not_found");
                    assertThat(e.param()).hasValue("model");
                    assertThat(e.type()).hasValue("invalid_request_error");
                });
    }
}
