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

    /**
     * Unmarked (provenance.watermark false): the watermark is the last thing done to a picture, so
     * a marked poster is the scene composed with its overlay and then marked, where the plain scene
     * is marked as it is; WatermarkOutputTest checks the mark on posters.
     */
    @RegisterExtension
    static final TestServer server = TestServer.withPlanner(planner, Map.of("EASEL_PROVENANCE_WATERMARK", "false"));

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

    /** Direct mode reads data in the words (DirectAsk's rules) and draws it instead of generating. */
    @Test
    void inDirectModeDataInTheWordsIsCharted() {
        JsonNode response = create("""
                {"model": "direct",
                 "input": "chart these closing prices of ACME: Mon 10.50, Tue 12.25, Wed 11.00 EUR",
                 "tools": [{"type": "image_generation", "size": "128x128"}]}""");

        JsonNode call = response.get("output").get(0);
        assertThat(call.get("type").asString()).isEqualTo("image_generation_call");
        assertThat(call.get("size").asString()).isEqualTo("128x128");
        assertThat(call.get("revised_prompt").asString())
                .isEqualTo("A bar chart titled \"Closing prices of ACME\" of one series (Series 1: 3 points),"
                        + " values in EUR.");
        JsonNode points = call.get("easel_chart").get("series").get(0).get("points");
        assertThat(points.get(1).get("label").asString()).isEqualTo("Tue");
        assertThat(points.get(1).get("value").asDouble()).isEqualTo(12.25);
        WireImages.assertImage(WireImages.base64(call.get("result").asString()), "png", 128, 128);
    }

    /** The README's worked example. */
    static final String README_REQUEST = """
            {"model": "direct",
             "input": "chart these closing prices of ACME: Mon 10.50, Tue 12.25, Wed 11.00, Thu 11.75, Fri 13.10 EUR",
             "tools": [{"type": "image_generation"}]}""";

    static final java.nio.file.Path README_PICTURE = java.nio.file.Path.of("docs/images/closing-prices.png");

    /**
     * The picture the README shows is what its request returns: run with
     * {@code -Deasel.docs.write=true} to write it anew; otherwise the committed file is compared
     * (same size, nearly the same pixels: fonts may differ slightly between machines).
     */
    @Test
    void theReadmePictureIsWhatTheReadmeRequestReturns() throws Exception {
        JsonNode call = create(README_REQUEST).get("output").get(0);
        byte[] png = WireImages.base64(call.get("result").asString());
        var picture = WireImages.assertImage(png, "png", 1024, 768);
        if (Boolean.getBoolean("easel.docs.write")) {
            java.nio.file.Files.createDirectories(README_PICTURE.getParent());
            java.nio.file.Files.write(README_PICTURE, png);
        }
        assertThat(README_PICTURE)
                .as("the README's picture; write it with -Deasel.docs.write=true")
                .exists();
        var committed = WireImages.decode(java.nio.file.Files.readAllBytes(README_PICTURE));
        assertThat(WireImages.meanAbsDiff(picture, committed)).isLessThan(4.0);
    }

    /**
     * The poster case: a headline and a chart set over the generated scene after the diffusion
     * run. With the same seed, the poster is exactly the plain scene composed with the overlay:
     * the scene's pixels outside the chart and the headline are untouched.
     */
    @Test
    void aHeadlineAndAChartAreSetOverTheGeneratedScene() throws Exception {
        String chart = "{\"kind\": \"line\", \"series\": [{\"points\": [{\"label\": \"Mon\", \"value\": 1},"
                + " {\"label\": \"Tue\", \"value\": 3}, {\"label\": \"Wed\", \"value\": 2}]}]}";
        planner.enqueue(
                ScriptedChatServer.toolCall(
                        "image_generation",
                        "{\"prompt\": \"a calm lake\", \"headline\": \"Summer Sale\", \"chart\": " + chart + "}"),
                ScriptedChatServer.text("Here is the poster."),
                ScriptedChatServer.toolCall("image_generation", "{\"prompt\": \"a calm lake\"}"),
                ScriptedChatServer.text("Here is the scene."));
        String request = """
                {"model": "gpt-4.1", "input": "a poster", "tools": [{"type": "image_generation",
                 "size": "128x128", "quality": "low", "seed": 7}]}""";

        JsonNode poster = create(request).get("output").get(0);
        JsonNode plain = create(request).get("output").get(0);

        assertThat(poster.get("revised_prompt").asString())
                .startsWith("a calm lake\n\nHeadline set in type at the top: \"Summer Sale\". Drawn over the scene:"
                        + " A line chart");
        assertThat(poster.get("easel_chart")).isEqualTo(Wire.json(chart));
        assertThat(plain.get("revised_prompt").asString()).isEqualTo("a calm lake");
        assertThat(plain.has("easel_chart")).isFalse();
        var scene = dev.easel.media.RgbImage.fromBufferedImage(
                WireImages.decode(WireImages.base64(plain.get("result").asString())));
        var expected = dev.easel.charts.Poster.compose(
                scene,
                new dev.easel.charts.Poster.Overlay(
                        java.util.Optional.of("Summer Sale"),
                        dev.easel.charts.Placement.TOP,
                        java.util.Optional.of(dev.easel.charts.ChartSpecs.parse(Wire.json(chart)))));
        var got = dev.easel.media.RgbImage.fromBufferedImage(
                WireImages.decode(WireImages.base64(poster.get("result").asString())));
        assertThat(got.rgb()).isEqualTo(expected.image().rgb());
        assertThat(got.rgb()).isNotEqualTo(scene.rgb());
    }

    @Test
    void inDirectModeAQuotedHeadlineIsSetInType() {
        JsonNode call = create("""
                        {"model": "direct", "input": "a mountain lake at dawn with the headline \\"Summer Sale\\"",
                         "tools": [{"type": "image_generation", "size": "64x64", "quality": "low"}]}""").get("output").get(0);

        assertThat(call.get("revised_prompt").asString())
                .isEqualTo("a mountain lake at dawn\n\nHeadline set in type at the top: \"Summer Sale\".");
    }

    private static JsonNode create(String json) {
        return PlannedTurns.create(server, json);
    }
}
