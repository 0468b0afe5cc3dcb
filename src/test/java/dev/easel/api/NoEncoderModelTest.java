package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.TestModels;
import dev.easel.engine.synth.SyntheticModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A model without a VAE encoder cannot edit an uploaded picture: both APIs say so with a 400
 * naming the model before anything runs.
 */
class NoEncoderModelTest {
    private static final Path MODELS = encoderless();

    @RegisterExtension
    static final TestServer server = TestServer.with(Map.of("models_dir", MODELS.toString(), "default_model", "tiny"));

    @Test
    void anEditOfAnUploadedImageIsA400NamingTheToolsModel() {
        String dataUrl = WireImages.pngDataUrl(WireImages.png(WireImages.noise(64, 64, 3)));
        JsonNode error = ApiErrors.assertError(
                Wire.postJson(server, "/v1/responses", """
                        {"model": "gpt-4.1",
                         "input": [{"role": "user", "content": [{"type": "input_text", "text": "make it blue"},
                                                                {"type": "input_image", "image_url": "%s"}]}],
                         "tools": [{"type": "image_generation", "size": "64x64"}]}""".formatted(dataUrl)),
                400,
                "invalid_request_error",
                "invalid_value",
                "tools[0].model");
        assertThat(error.get("message").asString())
                .isEqualTo("Model 'tiny' has no VAE encoder, so it cannot edit images.");
    }

    @Test
    void aGenerationStillWorks() {
        var response = Wire.postJson(
                server,
                "/v1/responses",
                "{\"model\": \"gpt-4.1\", \"input\": \"a fox\", \"tools\": [{\"type\": \"image_generation\","
                        + " \"size\": \"64x64\"}]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Wire.json(response.body()).get("status").asString()).isEqualTo("completed");
    }

    /** The tiny model without its vae_encoder folder. */
    private static Path encoderless() {
        try {
            Path source = TestModels.folder(SyntheticModel.Shape.TINY);
            Path models = Files.createTempDirectory("easel-noencoder");
            Path target = models.resolve("tiny");
            try (Stream<Path> files = Files.walk(source)) {
                for (Path p : files.toList()) {
                    Path rel = source.relativize(p);
                    if (rel.startsWith("vae_encoder")) {
                        continue;
                    }
                    Path to = target.resolve(rel.toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
            return models;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
