package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The exact server-sent-events framing of a streamed generation, read with java.net.http. */
class SseWireTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static final Set<String> PARTIAL_FIELDS = Set.of(
            "type", "b64_json", "created_at", "size", "quality", "background", "output_format", "partial_image_index");
    private static final Set<String> COMPLETED_FIELDS =
            Set.of("type", "b64_json", "created_at", "size", "quality", "background", "output_format", "usage");

    /** "none" sends no Accept header: OpenAI's clients POST and do not always ask for text/event-stream. */
    @ParameterizedTest
    @ValueSource(strings = {"none", "application/json", "text/event-stream"})
    void streamedGenerationIsFramedAsEventAndDataLines(String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/v1/images/generations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "gpt-image-1", "prompt": "a kite over the dunes", "size": "64x64",
                         "stream": true, "partial_images": 2}"""));
        if (!accept.equals("none")) {
            request.header("Accept", accept);
        }
        long before = Instant.now().getEpochSecond();
        HttpResponse<Stream<String>> response = send(request.build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        List<SseFrames.Frame> frames;
        try (Stream<String> lines = response.body()) {
            frames = new SseFrames(lines.iterator()).all();
        }
        long after = Instant.now().getEpochSecond();

        assertThat(frames)
                .extracting(SseFrames.Frame::event)
                .containsExactly(
                        "image_generation.partial_image",
                        "image_generation.partial_image",
                        "image_generation.completed");
        for (int i = 0; i < 2; i++) {
            JsonNode partial = Wire.json(frames.get(i).data());
            assertThat(Set.copyOf(partial.propertyNames())).isEqualTo(PARTIAL_FIELDS);
            assertThat(partial.get("type").asString()).isEqualTo("image_generation.partial_image");
            assertThat(partial.get("partial_image_index").isIntegralNumber()).isTrue();
            assertThat(partial.get("partial_image_index").asInt()).isEqualTo(i);
            assertDescribed(partial, before, after);
        }
        JsonNode completed = Wire.json(frames.get(2).data());
        assertThat(Set.copyOf(completed.propertyNames())).isEqualTo(COMPLETED_FIELDS);
        assertThat(completed.get("type").asString()).isEqualTo("image_generation.completed");
        assertDescribed(completed, before, after);
        JsonNode usage = completed.get("usage");
        assertThat(Set.copyOf(usage.propertyNames()))
                .isEqualTo(Set.of("input_tokens", "input_tokens_details", "output_tokens", "total_tokens"));
        assertThat(Set.copyOf(usage.get("input_tokens_details").propertyNames()))
                .isEqualTo(Set.of("text_tokens", "image_tokens"));
        assertThat(usage.get("output_tokens").asInt()).isEqualTo(4);
        assertThat(usage.get("input_tokens_details").get("image_tokens").asInt())
                .isZero();
        assertThat(usage.get("input_tokens").asInt())
                .isEqualTo(usage.get("input_tokens_details").get("text_tokens").asInt());
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("input_tokens").asInt() + 4);
    }

    @Test
    void clientThatDisconnectsAfterTheFirstPartialImageCancelsTheJob() throws Exception {
        double cancelledBefore = cancelledJobs();
        HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/images/generations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "gpt-image-1", "prompt": "a slow sunrise", "size": "512x512", "steps": 150,
                         "stream": true, "partial_images": 3}"""))
                .build();
        HttpResponse<InputStream> response = Wire.HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        InputStream body = response.body();
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        SseFrames.Frame first = new SseFrames(reader.lines().iterator()).next().orElseThrow();
        assertThat(first.event()).isEqualTo("image_generation.partial_image");
        body.close(); // java.net.http closes the connection when a body is abandoned

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (cancelledJobs() <= cancelledBefore && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(cancelledJobs())
                .as("easel_jobs_total{outcome=\"cancelled\"}")
                .isEqualTo(cancelledBefore + 1);
    }

    /** The cancelled-jobs counter from /metrics; 0 before the first cancellation registers it. */
    private static double cancelledJobs() {
        HttpResponse<String> metrics = Wire.get(server, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        return metrics.body()
                .lines()
                .filter(line -> line.startsWith("easel_jobs_total{") && line.contains("outcome=\"cancelled\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }

    private static void assertDescribed(JsonNode event, long before, long after) {
        assertThat(event.get("size").asString()).isEqualTo("64x64");
        assertThat(event.get("quality").asString()).isEqualTo("medium");
        assertThat(event.get("background").asString()).isEqualTo("opaque");
        assertThat(event.get("output_format").asString()).isEqualTo("png");
        assertThat(event.get("created_at").isIntegralNumber())
                .as("created_at is integer seconds")
                .isTrue();
        assertThat(event.get("created_at").asLong()).isBetween(before, after);
        WireImages.assertImage(WireImages.base64(event.get("b64_json").asString()), "png", 64, 64);
    }

    private static HttpResponse<Stream<String>> send(HttpRequest request) {
        try {
            return Wire.HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (java.io.IOException e) {
            throw new AssertionError("POST " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
