package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The official {@code openai} npm package (pinned in src/test/node/package-lock.json) streams a
 * generation from a real server, on the pinned Node.js 22 (see {@link NodePeer}; a missing peer
 * fails the test and says what is missing).
 */
class NpmOpenAiStreamTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    @Test
    void npmClientStreamsTwoPartialImagesThenTheCompletedOne() {
        ExternalProcess.Result run = NodePeer.run(Duration.ofSeconds(60), "stream-image.mjs", server.baseUrl() + "/v1");

        List<JsonNode> events = NodePeer.lines(run);
        assertThat(events)
                .extracting(e -> e.get("type").asString() + " " + e.get("partial_image_index"))
                .as(run.describe())
                .containsExactly(
                        "image_generation.partial_image 0",
                        "image_generation.partial_image 1",
                        "image_generation.completed null");
        for (JsonNode event : events) {
            assertThat(event.get("size").asString()).isEqualTo("64x64");
            assertThat(event.get("output_format").asString()).isEqualTo("png");
            assertThat(event.get("png").asBoolean())
                    .as("b64_json decodes to a PNG")
                    .isTrue();
        }
        assertThat(events).extracting(e -> e.get("has_usage").asBoolean()).containsExactly(false, false, true);
        assertThat(SdkEventUnion.imageGenStreamEvent().types())
                .containsAll(events.stream().map(e -> e.get("type").asString()).toList());
    }
}
