package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.media.RgbImage;
import dev.easel.safety.watermark.Detection;
import dev.easel.safety.watermark.Payload;
import dev.easel.safety.watermark.Watermark;
import dev.easel.tools.planner.ScriptedChatServer;
import java.awt.image.BufferedImage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Every picture the server hands out carries Easel's watermark (README, "Watermark"): the issue
 * day by the server's clock and the low 32 bits of the seed, in the final image and in every
 * partial image; {@code provenance.watermark: false} hands out the engine's pixels as they are;
 * a masked edit keeps every pixel outside its mask byte for byte; a poster is marked over its
 * headline and chart.
 */
class WatermarkOutputTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    static final ScriptedChatServer planner = PlannedTurns.startPlanner();

    @RegisterExtension
    static final TestServer marked = TestServer.withDemoModel(
                    Map.of("planner.url", planner.baseUrl().toString(), "planner.model", "test-model"))
            .withClockAndRandom(Clock.fixed(NOW, ZoneOffset.UTC), new Random(1));

    @RegisterExtension
    static final TestServer plain = TestServer.withDemoModel(Map.of("provenance.watermark", "false"));

    @Test
    void theFinalImageAndEveryPartialImageCarryTheDayAndTheSeed() {
        List<SseFrames.Frame> frames = stream(marked, 11);
        assertThat(frames)
                .extracting(SseFrames.Frame::event)
                .containsExactly(
                        "image_generation.partial_image",
                        "image_generation.partial_image",
                        "image_generation.completed");
        Payload expected = new Payload(LocalDate.of(2026, 5, 1), 11);
        for (SseFrames.Frame frame : frames) {
            Detection found = Watermark.detect(
                    pixels(Wire.json(frame.data()).get("b64_json").asString()));
            assertThat(found.payload()).as(frame.event()).contains(expected);
        }
    }

    @AfterAll
    static void stop() {
        planner.close();
    }

    /** A poster is marked after its headline and chart are set: the chart's panel does not hide the mark. */
    @Test
    void aPosterIsMarkedOverItsHeadlineAndChart() {
        planner.enqueue(
                ScriptedChatServer.toolCall(
                        "image_generation",
                        "{\"prompt\": \"a calm lake\", \"headline\": \"Summer Sale\", \"chart\": {\"kind\": \"line\","
                                + " \"series\": [{\"points\": [{\"label\": \"Mon\", \"value\": 1}, {\"label\": \"Tue\","
                                + " \"value\": 3}, {\"label\": \"Wed\", \"value\": 2}]}]}}"),
                ScriptedChatServer.text("Here is the poster."));
        JsonNode call = PlannedTurns.create(marked, """
                        {"model": "gpt-4.1", "input": "a poster", "tools": [{"type": "image_generation",
                         "size": "256x256", "seed": 7}]}""").get("output").get(0);
        assertThat(call.has("easel_chart")).isTrue();
        assertThat(Watermark.detect(pixels(call.get("result").asString())).payload())
                .contains(new Payload(LocalDate.of(2026, 5, 1), 7));
    }

    @Test
    void switchedOffTheEnginePixelsComeBackAndTheMarkCostsUnderFortyDecibels() {
        RgbImage unmarked = generate(plain, 12);
        RgbImage withMark = generate(marked, 12);
        assertThat(Watermark.detect(unmarked).present()).isFalse();
        assertThat(Watermark.detect(withMark).payload()).contains(new Payload(LocalDate.of(2026, 5, 1), 12));
        double squares = 0;
        for (int i = 0; i < unmarked.rgb().length; i++) {
            int d = (unmarked.rgb()[i] & 0xFF) - (withMark.rgb()[i] & 0xFF);
            squares += d * d;
        }
        double psnr = 10 * Math.log10(255.0 * 255 / (squares / unmarked.rgb().length));
        assertThat(psnr).isBetween(40.0, 60.0);
    }

    @Test
    void aMaskedEditIsMarkedOnlyInsideItsMask() {
        BufferedImage source = WireImages.noise(256, 256, 3);
        HttpResponse<String> response = Wire.postMultipart(
                marked,
                "/v1/images/edits",
                new Multipart()
                        .file("image", "in.png", "image/png", WireImages.png(source))
                        .file(
                                "mask",
                                "mask.png",
                                "image/png",
                                WireImages.png(WireImages.maskWithHole(256, 256, 64, 64, 192, 192)))
                        .text("model", "gpt-image-1")
                        .text("prompt", "a window")
                        .text("seed", "13"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        RgbImage edited =
                pixels(Wire.json(response.body()).at("/data/0/b64_json").asString());
        RgbImage original = RgbImage.fromBufferedImage(source);
        int changedInside = 0;
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                boolean inside = x >= 64 && x < 192 && y >= 64 && y < 192;
                for (int c = 0; c < 3; c++) {
                    if (!inside && Math.max(Math.max(64 - x, x - 191), Math.max(64 - y, y - 191)) > 12) {
                        assertThat(edited.at(x, y, c)).as("(%d,%d)", x, y).isEqualTo(original.at(x, y, c));
                    } else if (inside && edited.at(x, y, c) != original.at(x, y, c)) {
                        changedInside++;
                    }
                }
            }
        }
        assertThat(changedInside).isGreaterThan(128 * 128);
    }

    private static RgbImage generate(TestServer server, long seed) {
        HttpResponse<String> response = Wire.postJson(server, "/v1/images/generations", """
                {"model": "gpt-image-1", "prompt": "a lighthouse on a cliff at dawn", "size": "256x256", "seed": %d}""".formatted(seed));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return pixels(Wire.json(response.body()).at("/data/0/b64_json").asString());
    }

    private static List<SseFrames.Frame> stream(TestServer server, long seed) {
        HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/images/generations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "gpt-image-1", "prompt": "a harbour with boats", "size": "256x256",
                         "stream": true, "partial_images": 2, "seed": %d}""".formatted(seed)))
                .build();
        try {
            HttpResponse<Stream<String>> response = Wire.HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            try (Stream<String> lines = response.body()) {
                return new SseFrames(lines.iterator()).all();
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("POST failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static RgbImage pixels(String b64) {
        return RgbImage.fromBufferedImage(WireImages.decode(WireImages.base64(b64)));
    }
}
