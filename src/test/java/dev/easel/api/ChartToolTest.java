package dev.easel.api;

import static dev.easel.api.PlannedTurns.startPlanner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.tools.planner.ScriptedChatServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The planner's {@code chart} function end to end: an exact chart comes back as an
 * image_generation_call in the image tool's format, with its description and its data, and every
 * official client reads it.
 */
class ChartToolTest {
    static final ScriptedChatServer planner = startPlanner();

    @RegisterExtension
    static final TestServer server = TestServer.withEnv(
            Map.of("EASEL_PLANNER_URL", planner.baseUrl().toString(), "EASEL_PLANNER_MODEL", "test-model"));

    static final String CHART = """
            {"kind": "bar", "title": "Closing prices", "y_label": "Price", "unit": "EUR",
             "source": "Exchange data, 1 Dec 2026", "width": 320, "height": 240,
             "series": [{"name": "ACME", "points": [{"label": "Mon", "value": 10.5},
               {"label": "Tue", "value": 12.25}, {"label": "Wed", "value": 11}]}]}""";

    @BeforeEach
    void reset() {
        planner.reset();
    }

    @AfterAll
    static void stop() {
        planner.close();
    }

    @Test
    void aChartIsAnImageGenerationCallWithItsData() {
        planner.enqueue(ScriptedChatServer.toolCall("chart", CHART), ScriptedChatServer.text("Here is the chart."));

        JsonNode response = create("""
                {"model": "gpt-4.1", "input": "chart these closing prices: Mon 10.5, Tue 12.25, Wed 11",
                 "tools": [{"type": "image_generation", "output_format": "webp"}]}""");

        JsonNode call = response.get("output").get(0);
        assertThat(call.get("type").asString()).isEqualTo("image_generation_call");
        assertThat(call.get("status").asString()).isEqualTo("completed");
        assertThat(call.get("size").asString()).isEqualTo("320x240");
        assertThat(call.get("output_format").asString()).isEqualTo("webp");
        assertThat(call.get("revised_prompt").asString())
                .isEqualTo("A bar chart titled \"Closing prices\" of one series (ACME: 3 points), values in"
                        + " Price (EUR). Source: Exchange data, 1 Dec 2026.");
        assertThat(call.get("easel_chart")).isEqualTo(Wire.json(CHART));
        WireImages.assertImage(WireImages.base64(call.get("result").asString()), "webp", 320, 240);
        JsonNode told = planner.requests().get(1).json().get("messages");
        assertThat(told.get(told.size() - 1).get("content").asString()).startsWith("The chart was drawn");

        com.openai.client.OpenAIClient strict = OpenAiClients.strict(server);
        try {
            var retrieved = strict.responses().retrieve(response.get("id").asString());
            retrieved.validate();
            assertThat(retrieved.output().get(0).asImageGenerationCall().result())
                    .isPresent();
        } finally {
            strict.close();
        }
    }

    @Test
    void badChartArgumentsAreToldToThePlannerWithTheField() {
        planner.enqueue(
                ScriptedChatServer.toolCall("chart", "{\"kind\": \"bar\", \"series\": [{\"points\": []}]}"),
                ScriptedChatServer.text("I could not draw it."));

        JsonNode response = create("""
                {"model": "gpt-4.1", "input": "chart nothing", "tools": [{"type": "image_generation"}]}""");

        assertThat(response.get("output").get(0).get("type").asString()).isEqualTo("message");
        JsonNode told = planner.requests().get(1).json().get("messages");
        assertThat(told.get(told.size() - 1).get("content").asString()).startsWith("error: chart series[0].points");
    }

    @Test
    void theChartsRouteDrawsTheSameChartDirectly() {
        HttpResponse<String> response =
                Wire.postJson(server, "/v1/easel/charts", CHART.replaceFirst("\\{", "{\"output_format\": \"jpeg\", "));

        ApiErrors.assertWellBehaved(response);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Wire.json(response.body());
        assertThat(body.get("size").asString()).isEqualTo("320x240");
        assertThat(body.get("output_format").asString()).isEqualTo("jpeg");
        assertThat(body.get("data").get(0).get("revised_prompt").asString()).startsWith("A bar chart titled");
        assertThat(body.get("easel_chart")).isEqualTo(Wire.json(CHART));
        WireImages.assertImage(
                WireImages.base64(body.get("data").get(0).get("b64_json").asString()), "jpeg", 320, 240);

        HttpResponse<String> bad = Wire.postJson(server, "/v1/easel/charts", "{\"kind\": \"donut\", \"series\": []}");
        ApiErrors.assertError(bad, 400, "invalid_request_error", "invalid_value", "kind");
    }

    private static JsonNode create(String json) {
        return PlannedTurns.create(server, json);
    }
}
