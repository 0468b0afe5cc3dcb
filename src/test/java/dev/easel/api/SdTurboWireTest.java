package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.synth.SyntheticModel;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * SD-Turbo ({@code sd-turbo-tiny}: SD 2.x's 1024-wide encoder, int64 ids and timestep, a trailing
 * Euler schedule) through both APIs; without a step count it runs two steps, unguided, and
 * {@code quality: low} one.
 */
class SdTurboWireTest extends FamilyWireTests {
    @RegisterExtension
    static final TestServer server = TestServer.withModel(SyntheticModel.Shape.SD_TURBO_TINY);

    @Override
    TestServer server() {
        return server;
    }

    @ParameterizedTest(name = "quality {0}: {1} steps")
    @CsvSource({"low,1", "medium,2", "high,3"})
    void withoutAStepCountTheQualityRunsOneToThreeStepsAtTheTurboSize(String quality, int steps) {
        // Previews are capped by the steps that run: three asked, one partial image per step.
        ResponseStream stream =
                ResponseStream.read(Wire.postJson(server, "/v1/images/generations", """
                {"model": "gpt-image-1", "prompt": "a kite", "size": "auto", "stream": true, "partial_images": 3,
                 "quality": "%s"}""".formatted(quality)));
        assertThat(stream.types()).hasSize(steps + 1).endsWith("image_generation.completed");
        JsonNode completed = stream.events().getLast();
        assertThat(completed.get("size").asString()).isEqualTo("512x512");
        WireImages.assertImage(WireImages.base64(completed.get("b64_json").asString()), "png", 512, 512);
    }
}
