package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.tools.planner.ScriptedChatServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The openai npm package's Responses stream helper ({@code client.responses.stream(...)}, with its
 * accumulator and {@code finalResponse()}) run to its end against a real server, for a completed,
 * a failed and a cancelled run (script: src/test/node/responses-stream.mjs, on the pinned Node.js 22).
 */
class NpmResponsesStreamTest {
    private static final String SCRIPT = "responses-stream.mjs";
    private static final Duration LIMIT = Duration.ofSeconds(60);

    static final ScriptedChatServer planner = startPlanner();

    /** No planner: direct mode, the image tool runs on the user's words for any model name. */
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    /** A scripted planner; its timeout is long so that a held answer waits for the cancel. */
    @RegisterExtension
    static final TestServer planned = TestServer.withPlanner(planner, Map.of("EASEL_PLANNER_TIMEOUT_SECONDS", "600"));

    @BeforeEach
    void resetPlanner() {
        planner.reset();
    }

    @AfterAll
    static void stopPlanner() {
        planner.close();
    }

    @Test
    void streamHelperAccumulatesACompletedRunWithTwoPartialImages() {
        ExternalProcess.Result run = NodePeer.run(LIMIT, SCRIPT, server.baseUrl() + "/v1", "completed");
        List<JsonNode> lines = NodePeer.lines(run);
        List<JsonNode> events = events(lines);

        assertThat(events)
                .extracting(NpmResponsesStreamTest::summary)
                .as(run.describe())
                .containsExactly(
                        "response.created in_progress",
                        "response.in_progress in_progress",
                        "response.output_item.added 0 image_generation_call in_progress",
                        "response.image_generation_call.in_progress 0",
                        "response.image_generation_call.generating 0",
                        "response.image_generation_call.partial_image 0",
                        "response.image_generation_call.partial_image 0",
                        "response.image_generation_call.completed 0",
                        "response.output_item.done 0 image_generation_call completed",
                        "response.output_item.added 1 message in_progress",
                        "response.content_part.added 1",
                        "response.output_text.done 1",
                        "response.content_part.done 1",
                        "response.output_item.done 1 message completed",
                        "response.completed completed");
        assertThat(events).extracting(e -> e.get("seq").asInt()).containsExactlyElementsOf(sequence(15));
        assertInTheSdkUnion(events);
        List<JsonNode> partials = events.stream()
                .filter(e -> e.get("event").asString().equals("response.image_generation_call.partial_image"))
                .toList();
        assertThat(partials)
                .extracting(e -> e.get("partial_image_index").asInt())
                .containsExactly(0, 1);
        for (JsonNode partial : partials) {
            assertThat(partial.get("size").asString()).isEqualTo("64x64");
            assertThat(partial.get("output_format").asString()).isEqualTo("png");
            WireImages.assertImage(WireImages.base64(partial.get("b64").asString()), "png", 64, 64);
        }

        JsonNode helper = only(lines, "helper");
        assertThat(helper.get("helper").asString()).as(run.describe()).isEqualTo("resolved");
        JsonNode result = helper.get("final");
        assertThat(result.get("status").asString()).isEqualTo("completed");
        assertThat(result.get("error").isNull()).isTrue();
        assertThat(result.get("incomplete_details").isNull()).isTrue();
        assertThat(result.get("output_text").asString())
                .as("direct mode has no text")
                .isEmpty();
        JsonNode output = result.get("output");
        assertThat(output)
                .extracting(
                        i -> i.get("type").asString() + " " + i.get("status").asString())
                .containsExactly("image_generation_call completed", "message completed");
        assertThat(output.get(0).get("size").asString()).isEqualTo("64x64");
        WireImages.assertImage(WireImages.base64(output.get(0).get("b64").asString()), "png", 64, 64);
        assertThat(output.get(1).get("text").asString()).isEmpty();
        JsonNode stored = only(lines, "retrieved").get("retrieved");
        assertThat(stored.get("id")).isEqualTo(result.get("id"));
        assertThat(stored.get("output"))
                .as("the accumulated snapshot is the stored response")
                .isEqualTo(output);
    }

    /**
     * Easel's failure ends the stream with {@code error} then {@code response.failed}. The npm
     * client throws an APIError at {@code event: error} (as it does for OpenAI's own), so the helper
     * never sees {@code response.failed}: it rejects with the error, and the stored response is failed.
     */
    @Test
    void streamHelperRejectsAFailedRunWithTheServersError() {
        planner.enqueue(ScriptedChatServer.status(500, "{\"error\":{\"message\":\"upstream broke\"}}"));

        ExternalProcess.Result run = NodePeer.run(LIMIT, SCRIPT, planned.baseUrl() + "/v1", "failed");
        List<JsonNode> lines = NodePeer.lines(run);

        assertThat(events(lines))
                .extracting(NpmResponsesStreamTest::summary)
                .as(run.describe())
                .containsExactly("response.created in_progress", "response.in_progress in_progress");
        JsonNode helper = only(lines, "helper");
        assertThat(helper.get("helper").asString()).as(run.describe()).isEqualTo("rejected");
        JsonNode error = helper.get("error");
        assertThat(error.get("class").asString()).isEqualTo("APIError");
        assertThat(error.get("status").isNull())
                .as("no HTTP status: the stream had started")
                .isTrue();
        assertThat(error.get("type").asString()).isEqualTo("server_error");
        assertThat(error.get("code").asString()).isEqualTo("server_error");
        assertThat(error.get("param").isNull()).isTrue();
        assertThat(error.get("message").asString())
                .startsWith("The planner failed")
                .contains("HTTP 500")
                .contains("upstream broke")
                .doesNotContain("127.0.0.1");
        JsonNode stored = only(lines, "retrieved").get("retrieved");
        assertThat(stored.get("status").asString()).isEqualTo("failed");
        assertThat(stored.get("error").get("code").asString()).isEqualTo("server_error");
        assertThat(stored.get("error").get("message")).isEqualTo(error.get("message"));
        assertThat(stored.get("output").size()).isZero();
        assertThat(planner.requests()).hasSize(1);
    }

    /**
     * Background + stream, cancelled by {@code client.responses.cancel(id)} at
     * {@code response.in_progress}. The planner holds its answer (until the server closes), so the
     * run cannot end before the cancel: whether the cancel lands before the planner call or while it
     * waits, the run ends cancelled with no output. The terminal event is {@code response.incomplete}
     * with status {@code cancelled}, which the helper accepts; it resolves with that snapshot.
     */
    @Test
    void streamHelperEndsACancelledBackgroundRunWithItsCancelledSnapshot() {
        planner.enqueue(ScriptedChatServer.text("too late").delayed(Duration.ofMinutes(10)));

        ExternalProcess.Result run = NodePeer.run(LIMIT, SCRIPT, planned.baseUrl() + "/v1", "cancelled");
        List<JsonNode> lines = NodePeer.lines(run);
        List<JsonNode> events = events(lines);

        assertThat(events)
                .extracting(NpmResponsesStreamTest::summary)
                .as(run.describe())
                .containsExactly(
                        "response.created queued",
                        "response.queued queued",
                        "response.in_progress in_progress",
                        "response.incomplete cancelled");
        assertThat(events).extracting(e -> e.get("seq").asInt()).containsExactlyElementsOf(sequence(4));
        assertInTheSdkUnion(events);
        JsonNode helper = only(lines, "helper");
        assertThat(helper.get("helper").asString()).as(run.describe()).isEqualTo("resolved");
        JsonNode result = helper.get("final");
        assertThat(result.get("status").asString()).isEqualTo("cancelled");
        assertThat(result.get("incomplete_details").isNull()).isTrue();
        assertThat(result.get("error").isNull()).isTrue();
        assertThat(result.get("output").size()).isZero();
        JsonNode cancelled = only(lines, "cancel").get("cancel");
        assertThat(cancelled.get("id")).isEqualTo(result.get("id"));
        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(only(lines, "retrieved").get("retrieved").get("status").asString())
                .isEqualTo("cancelled");
        assertThat(planner.requests()).hasSizeLessThanOrEqualTo(1);
    }

    /** Every event type the helper passed on is one of the SDK's {@code ResponseStreamEvent} union. */
    private static void assertInTheSdkUnion(List<JsonNode> events) {
        assertThat(SdkEventUnion.responseStreamEvent().types())
                .containsAll(events.stream().map(e -> e.get("event").asString()).toList());
    }

    private static List<JsonNode> events(List<JsonNode> lines) {
        return lines.stream().filter(l -> l.has("event")).toList();
    }

    /** The one line with this key. */
    private static JsonNode only(List<JsonNode> lines, String key) {
        List<JsonNode> found = lines.stream().filter(l -> l.has(key)).toList();
        assertThat(found).as("lines with '%s' in %s", key, lines).hasSize(1);
        return found.getFirst();
    }

    /** {@code type [output_index] [item type and status] [response status]}. */
    private static String summary(JsonNode event) {
        StringBuilder s = new StringBuilder(event.get("event").asString());
        if (event.has("output_index")) {
            s.append(' ').append(event.get("output_index").asInt());
        }
        if (event.has("item")) {
            s.append(' ').append(event.get("item").asString());
        }
        if (event.has("status")) {
            s.append(' ').append(event.get("status").asString());
        }
        return s.toString();
    }

    private static List<Integer> sequence(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static ScriptedChatServer startPlanner() {
        try {
            return new ScriptedChatServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
