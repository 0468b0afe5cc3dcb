package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * With {@code engine.batch: on}, the Images API's {@code n} images share the engine's UNet calls,
 * and so may concurrent requests of one shape: every picture is still the one its seed gives
 * alone (image i of a request has seed + i), within one level per channel.
 */
class ImagesBatchWireTest {
    @RegisterExtension
    static final TestServer server = TestServer.with(Map.of("engine.batch", "on", "provenance.watermark", "false"));

    @Test
    void nImagesInOneBatchAreTheImagesOfTheirSeedsAlone() {
        List<BufferedImage> together = generate(2, 4242);
        assertThat(together).hasSize(2);
        assertThat(metric("easel_batch_size_max")).isGreaterThanOrEqualTo(2);
        for (int i = 0; i < 2; i++) {
            BufferedImage alone = generate(1, 4242 + i).getFirst();
            assertThat(maxChannelDifference(together.get(i), alone))
                    .as("image %d", i)
                    .isLessThanOrEqualTo(1);
        }
        assertThat(maxChannelDifference(together.get(0), together.get(1))).isGreaterThan(1);
    }

    @Test
    void concurrentRequestsOfOneShapeBothSucceedWithTheirOwnPictures() {
        List<CompletableFuture<List<BufferedImage>>> running = new ArrayList<>();
        for (long seed : new long[] {77, 78, 79}) {
            running.add(CompletableFuture.supplyAsync(() -> generate(1, seed)));
        }
        List<BufferedImage> concurrent =
                running.stream().map(f -> f.join().getFirst()).toList();
        for (int k = 0; k < concurrent.size(); k++) {
            BufferedImage alone = generate(1, 77 + k).getFirst();
            assertThat(maxChannelDifference(concurrent.get(k), alone))
                    .as("seed %d", 77 + k)
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aStreamOfTwoBatchedImagesShowsEachImagesPartialsThenTheImageInTurn() {
        HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/images/generations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Wire.write(streamed(body(2, 99)))))
                .build();
        List<SseFrames.Frame> frames;
        try {
            HttpResponse<Stream<String>> response = Wire.HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            try (Stream<String> lines = response.body()) {
                frames = new SseFrames(lines.iterator()).all();
            }
        } catch (IOException e) {
            throw new AssertionError("POST failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        // The stream says nothing of which image a partial belongs to: it shows them as one image
        // after another would, though both were denoised together.
        List<String> events = frames.stream()
                .map(f -> {
                    JsonNode data = Wire.json(f.data());
                    return f.event() + (data.has("partial_image_index") ? " " + data.get("partial_image_index") : "");
                })
                .toList();
        assertThat(events)
                .containsExactly(
                        "image_generation.partial_image 0",
                        "image_generation.partial_image 1",
                        "image_generation.completed",
                        "image_generation.partial_image 0",
                        "image_generation.partial_image 1",
                        "image_generation.completed");
        List<BufferedImage> alone = generate(1, 99);
        BufferedImage first = WireImages.decode(WireImages.base64(
                Wire.json(frames.get(2).data()).get("b64_json").asString()));
        assertThat(maxChannelDifference(first, alone.getFirst())).isLessThanOrEqualTo(1);
    }

    /** The request every test sends: {@code n} images of one prompt, from {@code seed}. */
    private static Map<String, Object> body(int n, long seed) {
        return Map.of(
                "model",
                "gpt-image-1",
                "prompt",
                "a kite over the sea",
                "size",
                "64x64",
                "steps",
                4,
                "n",
                n,
                "seed",
                seed);
    }

    /** {@code body} streamed, with two partial images per image. */
    private static Map<String, Object> streamed(Map<String, Object> body) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(body);
        out.put("stream", true);
        out.put("partial_images", 2);
        return out;
    }

    private static List<BufferedImage> generate(int n, long seed) {
        HttpResponse<String> response = Wire.postJson(server, "/v1/images/generations", Wire.write(body(n, seed)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<BufferedImage> images = new ArrayList<>();
        for (JsonNode entry : Wire.json(response.body()).get("data")) {
            images.add(WireImages.assertImage(
                    WireImages.base64(entry.get("b64_json").asString()), "png", 64, 64));
        }
        return images;
    }

    private static double metric(String name) {
        String text = Wire.get(server, "/metrics").body();
        Matcher m =
                Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }

    private static int maxChannelDifference(BufferedImage a, BufferedImage b) {
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    max = Math.max(max, Math.abs((p >> shift & 0xFF) - (q >> shift & 0xFF)));
                }
            }
        }
        return max;
    }
}
