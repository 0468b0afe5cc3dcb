package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.synth.SyntheticModel;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The SDXL family ({@code sdxl-tiny}: two text encoders, text_embeds and time_ids) through both
 * APIs; OpenAI's sizes run at SDXL's nearest trained resolution, other sizes as asked.
 */
class SdxlWireTest extends FamilyWireTests {
    @RegisterExtension
    static final TestServer server = TestServer.withModel(SyntheticModel.Shape.SDXL_TINY);

    @Override
    TestServer server() {
        return server;
    }

    @ParameterizedTest(name = "{0} runs at {1}")
    @CsvSource({"1536x1024,1216x832", "1024x1792,768x1344", "512x512,1024x1024", "1024x1024,1024x1024"})
    void openAisSizesRunAtTheNearestTrainedResolution(String asked, String runs) {
        JsonNode body = ok(Wire.postJson(server, "/v1/images/generations", """
                {"model": "gpt-image-1", "prompt": "a wide valley", "size": "%s", "steps": 1}""".formatted(asked)));
        assertThat(body.at("/size").asString()).isEqualTo(runs);
        String[] side = runs.split("x");
        WireImages.assertImage(
                WireImages.base64(body.at("/data/0/b64_json").asString()),
                "png",
                Integer.parseInt(side[0]),
                Integer.parseInt(side[1]));
    }
}
