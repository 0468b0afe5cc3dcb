package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.responses.Tool;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every enum value of the official SDK's Responses {@code image_generation} tool (read from
 * openai-java's constants) is accepted, and the call reports what was made.
 */
class ResponsesImageToolValuesTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults().withMattingModel();

    static Stream<Arguments> sdkValues() {
        List<Arguments> all = new ArrayList<>();
        all.addAll(SdkEnums.values("quality", Tool.ImageGeneration.Quality.class));
        all.addAll(SdkEnums.values("output_format", Tool.ImageGeneration.OutputFormat.class));
        all.addAll(SdkEnums.values("background", Tool.ImageGeneration.Background.class));
        all.addAll(SdkEnums.values("moderation", Tool.ImageGeneration.Moderation.class));
        all.addAll(SdkEnums.values("complexity", Tool.ImageGeneration.Complexity.class));
        all.addAll(SdkEnums.values("action", Tool.ImageGeneration.Action.class));
        return all.stream().filter(a -> !a.get()[1].equals("edit")); // edit needs an image: ResponsesChainTest
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("sdkValues")
    void everySdkValueOfTheImageToolIsAccepted(String field, String value) throws Exception {
        ObjectNode body = dev.easel.json.Wire.object();
        body.put("model", "gpt-5");
        body.put("input", "a red kite over a beach");
        ObjectNode tool = body.putArray("tools").addObject();
        tool.put("type", "image_generation");
        tool.put("size", "64x64");
        tool.put(field, value);
        HttpResponse<String> response = Wire.postJson(server, "/v1/responses", Wire.write(body));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode call = Wire.json(response.body()).get("output").get(0);
        assertThat(call.get("status").asString()).isEqualTo("completed");
        assertThat(call.get("background").asString())
                .isEqualTo(field.equals("background") && value.equals("transparent") ? "transparent" : "opaque");
        String expectedFormat =
                field.equals("output_format") && !List.of("gif", "svg").contains(value) ? value : "png";
        assertThat(call.get("output_format").asString()).isEqualTo(expectedFormat);
        String expectedQuality = !field.equals("quality")
                ? "medium"
                : switch (value) {
                    case "low" -> "low";
                    case "high", "xhigh", "max" -> "high";
                    default -> "medium";
                };
        assertThat(call.get("quality").asString()).isEqualTo(expectedQuality);
        WireImages.assertImage(WireImages.base64(call.get("result").asString()), expectedFormat, 64, 64);
    }
}
