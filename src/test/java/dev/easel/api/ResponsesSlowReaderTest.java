package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Responses streams whose client stops reading or hangs up: the run's events wait in the stream's
 * bounded buffer, never in the engine; a full buffer ends the stream, cancelling a run that is not
 * a background one (stored {@code cancelled}, as a cancel leaves it) and detaching a background
 * one, which goes on to complete. A client that hangs up cancels its run at once.
 */
class ResponsesSlowReaderTest {
    @RegisterExtension
    static final TestServer server = TestServer.with(Map.of("stream_buffer_bytes", "1048576"));

    /** The demo model: 18 steps at quality high, slow enough that a hang-up lands among them. */
    @RegisterExtension
    static final TestServer demo = TestServer.withDemoModel(Map.of("stream_buffer_bytes", "1048576"));

    private static final Pattern ID = Pattern.compile("\"id\":\"(resp_[0-9a-f]+)\"");

    /** Large partial images, so that the socket buffers fill and the stream's buffer overflows. */
    private static String body(String extra, int partials) {
        return """
                {"model": "gpt-4.1", "input": "a lighthouse at dusk", "stream": true, %s
                 "tools": [{"type": "image_generation", "size": "2048x2048", "quality": "high", "partial_images": %d}]}""".formatted(extra, partials);
    }

    @Test
    void aStreamWhoseClientStopsReadingIsCancelled() throws Exception {
        try (StuckClient stuck = StuckClient.post(demo, "/v1/responses", body("", 3))) {
            String id = id(stuck.readUntil("\"sequence_number\":0"));

            JsonNode stored = awaitEnd(demo, id);

            assertThat(stored.get("status").asString()).isEqualTo("cancelled");
            assertThat(stored.get("error").isNull()).isTrue();
            // How far the image got depends on when the buffer filled: the stream waits for a
            // reading client and is dropped after ResponsesRoutes.STALL_NANOS without progress.
            assertThat(stuck.readRest(10_000)).doesNotContain("event: response.incomplete");
        }
    }

    @Test
    void aBackgroundStreamWhoseClientStopsReadingIsDetachedAndTheRunCompletes() throws Exception {
        try (StuckClient stuck = StuckClient.post(server, "/v1/responses", body("\"background\": true,", 3))) {
            String id = id(stuck.readUntil("\"sequence_number\":0"));

            JsonNode stored = awaitEnd(server, id);
            assertThat(stored.get("status").asString()).isEqualTo("completed");
            assertThat(stored.get("output").get(0).get("result").asString()).isNotEmpty();
            // The stream was dropped while the run went on: what reached the socket ends before the end.
            assertThat(stuck.readRest(10_000)).doesNotContain("event: response.completed");
        }
    }

    /** No partial images: between generating and completed the stream is silent, yet the hang-up is noticed. */
    @Test
    void aClientThatHangsUpMidRunCancelsIt() throws Exception {
        long alone;
        String request = body("", 0).replace("2048x2048", "2048x2048");
        try (LiveStream whole = LiveStream.post(demo, request)) {
            whole.until("response.image_generation_call.generating");
            long start = System.nanoTime();
            whole.until("response.image_generation_call.completed");
            alone = System.nanoTime() - start;
        }
        StuckClient client = StuckClient.post(demo, "/v1/responses", request);
        String id = id(client.readUntil("response.image_generation_call.generating"));
        client.close();
        long hungUp = System.nanoTime();

        JsonNode stored = awaitEnd(demo, id);
        System.out.printf(
                "responses hang-up: the image job alone %d ms; the run ended %d ms after the close%n",
                alone / 1_000_000, (System.nanoTime() - hungUp) / 1_000_000);

        assertThat(stored.get("status").asString()).isEqualTo("cancelled");
        assertThat(stored.get("output").size())
                .as("the image job was stopped, not run to its end")
                .isZero();
    }

    private static String id(String seen) {
        Matcher m = ID.matcher(seen);
        assertThat(m.find()).as("a response id in %s", seen).isTrue();
        return m.group(1);
    }

    /** The stored response once its run has ended. */
    private static JsonNode awaitEnd(TestServer server, String id) throws InterruptedException {
        JsonNode[] last = new JsonNode[1];
        SlowReaderTest.await(
                () -> {
                    last[0] = Wire.json(Wire.get(server, "/v1/responses/" + id).body());
                    String status = last[0].get("status").asString();
                    return !status.equals("in_progress") && !status.equals("queued");
                },
                Duration.ofSeconds(60),
                "response " + id + " ends");
        return last[0];
    }
}
