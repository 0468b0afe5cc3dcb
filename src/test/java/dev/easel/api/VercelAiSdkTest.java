package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The Vercel AI SDK ({@code ai} with {@code @ai-sdk/openai}, pinned in src/test/node) against a real
 * server in direct mode, on the pinned Node.js 22: {@code generateImage} through the Images API, and
 * {@code streamText} with the Responses model and the provider's image generation tool.
 */
class VercelAiSdkTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    @Test
    void generateImageReturnsTwoDecodablePngs() {
        ExternalProcess.Result run = NodePeer.run(LIMIT, "ai-sdk-image.mjs", server.baseUrl() + "/v1");
        List<JsonNode> lines = NodePeer.lines(run);
        assertThat(lines).as(run.describe()).hasSize(1);
        JsonNode result = lines.getFirst();

        JsonNode images = result.get("images");
        assertThat(images).as(run.describe()).hasSize(2);
        for (JsonNode image : images) {
            assertThat(image.get("media_type").asString()).isEqualTo("image/png");
            WireImages.assertImage(WireImages.base64(image.get("b64").asString()), "png", 64, 64);
        }
        assertThat(images.get(0).get("b64"))
                .as("two different images")
                .isNotEqualTo(images.get(1).get("b64"));
        assertThat(result.get("warnings")).as("warnings").isEmpty();
        JsonNode usage = result.get("usage");
        assertThat(usage.get("outputTokens").asInt())
                .as("4 image units (32×32 patches) per 64×64 image")
                .isEqualTo(8);
        assertThat(usage.get("inputTokens").asInt()).isPositive();
        assertThat(usage.get("totalTokens").asInt())
                .isEqualTo(usage.get("inputTokens").asInt() + 8);
        JsonNode metadata = result.get("metadata");
        assertThat(metadata).hasSize(2);
        for (JsonNode m : metadata) {
            assertThat(m.get("size").asString()).isEqualTo("64x64");
            assertThat(m.get("quality").asString()).isEqualTo("low");
            assertThat(m.get("outputFormat").asString()).isEqualTo("png");
            assertThat(m.get("revisedPrompt").asString()).isEqualTo("a lemon on a blue plate");
        }
    }

    /**
     * The provider turns each {@code partial_image} event into a tool-result part and the final
     * image call into one more. The {@code ai} package (7.0.173) drops the provider's
     * {@code preliminary} flag on provider-executed results, so all three look final and
     * {@code toolResults} lists all three; only their order tells the final image. The test pins that
     * and checks each image against the server's own stream and stored response.
     */
    @Test
    void streamTextDeliversTwoPartialImagesThenTheFinalOne() {
        ExternalProcess.Result run = NodePeer.run(LIMIT, "ai-sdk-stream.mjs", server.baseUrl() + "/v1");
        List<JsonNode> lines = NodePeer.lines(run);
        List<JsonNode> parts = lines.stream().filter(l -> l.has("part")).toList();

        assertThat(parts)
                .extracting(p -> p.get("part").asString())
                .as(run.describe())
                .containsExactly(
                        "start",
                        "start-step",
                        "tool-call",
                        "tool-result",
                        "tool-result",
                        "tool-result",
                        "text-start",
                        "text-end",
                        "finish-step",
                        "finish");
        JsonNode call = parts.get(2);
        assertThat(call.get("tool").asString()).isEqualTo("image_generation");
        assertThat(call.get("provider_executed").asBoolean()).isTrue();
        String callId = call.get("id").asString();
        assertThat(callId).startsWith("ig_");
        List<JsonNode> results = parts.subList(3, 6);
        for (JsonNode r : results) {
            assertThat(r.get("tool").asString()).isEqualTo("image_generation");
            assertThat(r.get("id").asString()).isEqualTo(callId);
            assertThat(r.get("preliminary").asBoolean())
                    .as("ai drops 'preliminary'")
                    .isFalse();
            WireImages.assertImage(WireImages.base64(r.get("b64").asString()), "png", 64, 64);
        }
        assertThat(parts.get(8).get("finish_reason").asString()).isEqualTo("stop");
        assertThat(parts.get(9).get("finish_reason").asString()).isEqualTo("stop");

        JsonNode summary = lines.getLast().get("summary");
        assertThat(summary).as(run.describe()).isNotNull();
        assertThat(summary.get("finish_reason").asString()).isEqualTo("stop");
        assertThat(summary.get("text").asString()).as("direct mode has no text").isEmpty();
        assertThat(summary.get("tool_results"))
                .extracting(r -> r.get("b64").asString())
                .containsExactlyElementsOf(
                        results.stream().map(r -> r.get("b64").asString()).toList());

        String id = summary.get("response_id").asString();
        ResponseStream replay = ResponseStream.get(server, "/v1/responses/" + id + "?stream=true");
        List<String> partialImages = replay.events().stream()
                .filter(e -> e.get("type").asString().equals("response.image_generation_call.partial_image"))
                .map(e -> e.get("partial_image_b64").asString())
                .toList();
        assertThat(partialImages).hasSize(2);
        JsonNode stored = replay.finalResponse().get("output").get(0);
        assertThat(stored.get("id").asString()).isEqualTo(callId);
        assertThat(results)
                .extracting(r -> r.get("b64").asString())
                .as("the two partial images, then the final image")
                .containsExactly(
                        partialImages.get(0),
                        partialImages.get(1),
                        stored.get("result").asString());
    }
}
