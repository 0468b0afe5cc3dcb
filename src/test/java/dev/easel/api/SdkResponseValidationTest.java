package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenStreamEvent;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official Java SDK with {@code responseValidation(true)}: it throws on any missing required
 * field or unknown enum value in what Easel sends back, so these pass only when every response
 * matches the SDK's types exactly. The asserted values are also checked through the SDK's enums.
 */
class SdkResponseValidationTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static OpenAIClient strict;

    @BeforeAll
    static void connect() {
        strict = OpenAiClients.strict(server);
    }

    @AfterAll
    static void disconnect() {
        strict.close();
    }

    @Test
    void generationValidates() {
        ImagesResponse response = strict.images()
                .generate(ImageGenerateParams.builder()
                        .model("gpt-image-1")
                        .prompt("a lighthouse")
                        .size("64x64")
                        .quality(ImageGenerateParams.Quality.LOW)
                        .build());

        assertThat(response.background().orElseThrow().known()).isEqualTo(ImagesResponse.Background.Known.OPAQUE);
        assertThat(response.outputFormat().orElseThrow().known()).isEqualTo(ImagesResponse.OutputFormat.Known.PNG);
        assertThat(response.quality().orElseThrow().known()).isEqualTo(ImagesResponse.Quality.Known.LOW);
        var usage = response.usage().orElseThrow();
        assertThat(usage.outputTokens()).isEqualTo(4);
        assertThat(usage.outputTokensDetails().orElseThrow().imageTokens()).isEqualTo(4);
        assertThat(usage.inputTokensDetails().imageTokens()).isZero();
        WireImages.assertImage(
                WireImages.base64(
                        response.data().orElseThrow().getFirst().b64Json().orElseThrow()),
                "png",
                64,
                64);
    }

    @Test
    void editOfAMegabyteByteArrayValidates() {
        byte[] png = WireImages.png(WireImages.noise(600, 600, 31));
        assertThat(png.length).isBetween(1_000_000, 1_200_000);
        ImagesResponse response = strict.images()
                .edit(ImageEditParams.builder()
                        .model("gpt-image-1")
                        .prompt("the same, at night")
                        .image(png)
                        .size("64x64")
                        .outputFormat(ImageEditParams.OutputFormat.JPEG)
                        .build());

        assertThat(response.outputFormat().orElseThrow().known()).isEqualTo(ImagesResponse.OutputFormat.Known.JPEG);
        assertThat(response.quality().orElseThrow().known()).isEqualTo(ImagesResponse.Quality.Known.MEDIUM);
        assertThat(response.usage().orElseThrow().inputTokensDetails().imageTokens())
                .isEqualTo(352);
        WireImages.assertImage(
                WireImages.base64(
                        response.data().orElseThrow().getFirst().b64Json().orElseThrow()),
                "jpeg",
                64,
                64);
    }

    @Test
    void streamedGenerationValidates() {
        List<ImageGenStreamEvent> events;
        try (StreamResponse<ImageGenStreamEvent> stream = strict.images()
                .generateStreaming(ImageGenerateParams.builder()
                        .model("gpt-image-1")
                        .prompt("a paper boat")
                        .size("64x64")
                        .partialImages(1)
                        .build())) {
            events = stream.stream().toList();
        }

        assertThat(events).hasSize(2);
        events.forEach(ImageGenStreamEvent::validate);
        var partial = events.get(0).asGenerationPartialImage();
        assertThat(partial.quality().known())
                .isEqualTo(com.openai.models.images.ImageGenPartialImageEvent.Quality.Known.MEDIUM);
        var completed = events.get(1).asGenerationCompleted();
        assertThat(completed.background().known())
                .isEqualTo(com.openai.models.images.ImageGenCompletedEvent.Background.Known.OPAQUE);
        assertThat(completed.outputFormat().known())
                .isEqualTo(com.openai.models.images.ImageGenCompletedEvent.OutputFormat.Known.PNG);
        assertThat(completed.usage().outputTokens()).isEqualTo(4);
        assertThat(completed.usage().inputTokensDetails().imageTokens()).isZero();
    }

    @Test
    void fileUploadOfAByteArrayValidates() {
        byte[] png = WireImages.png(WireImages.noise(600, 600, 32));
        FileObject file = strict.files()
                .create(FileCreateParams.builder()
                        .file(png)
                        .purpose(FilePurpose.VISION)
                        .build());

        assertThat(file.purpose().known()).isEqualTo(FileObject.Purpose.Known.VISION);
        assertThat(file.status().known()).isEqualTo(FileObject.Status.Known.PROCESSED);
        assertThat(file.bytes()).isEqualTo(png.length);
        assertThat(file.expiresAt()).isEmpty();
        assertThat(strict.files().retrieve(file.id()).id()).isEqualTo(file.id());
    }
}
