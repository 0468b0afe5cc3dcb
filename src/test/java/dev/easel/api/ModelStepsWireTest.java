package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Steps a model's scheduler cannot run are a 400 naming {@code steps}, never a 500; a quality
 * preset above what it runs is held at the most it runs.
 */
class ModelStepsWireTest {
    /** LCM on the tiny model's scheduler config runs 1 to 50 steps (original_inference_steps). */
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults()
            .withModelFolder(folder -> Files.writeString(
                    folder.resolve("easel.json"),
                    "{\"steps\": 40, \"scheduler\": \"lcm\", \"guidance_scale\": 0, \"width\": 64, \"height\": 64}"));

    private static HttpResponse<String> generate(String extra) {
        return Wire.postJson(
                server,
                "/v1/images/generations",
                "{\"prompt\": \"a fox\", \"size\": \"64x64\", \"response_format\": \"b64_json\", \"seed\": 1" + extra
                        + "}");
    }

    @Test
    void moreStepsThanTheSchedulerRunsIsA400NamingSteps() {
        HttpResponse<String> response = generate(", \"steps\": 51");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = Wire.json(response.body()).get("error");
        assertThat(error.get("param").asString()).isEqualTo("steps");
        assertThat(error.get("code").asString()).isEqualTo("invalid_value");
        assertThat(error.get("message").asString())
                .isEqualTo("Invalid 'steps': 51 is more than model 'tiny' runs; its scheduler takes 1 to 50 steps.");
    }

    @Test
    void theHighPresetStopsAtTheMostTheSchedulerRuns() {
        HttpResponse<String> response = generate(", \"quality\": \"high\"");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        byte[] png = WireImages.base64(
                Wire.json(response.body()).get("data").get(0).get("b64_json").asString());
        assertThat(new String(png, StandardCharsets.ISO_8859_1)).contains("\nSteps: 50, Seed: 1, Size: 64x64");
    }
}
