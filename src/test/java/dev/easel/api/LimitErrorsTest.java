package dev.easel.api;

import static dev.easel.api.ApiErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator's limits: request body size, input image pixels, and the engine queue (429). */
class LimitErrorsTest {
    @RegisterExtension
    static final TestServer small = TestServer.with(Map.of("max_body_bytes", "200000", "max_image_pixels", "100000"));

    @RegisterExtension
    static final TestServer busy = TestServer.with(Map.of("queue_size", "1", "workers", "1"));

    private static final String SLOW_STREAM = """
            {"model": "gpt-image-1", "prompt": "a slow one", "size": "512x512", "steps": 60, "stream": true}""";

    @Test
    void multipartBodyOverTheLimitIsTooLarge() {
        byte[] image = WireImages.png(WireImages.noise(300, 300, 4)); // about 270 KB, 90,000 pixels
        assertThat(image.length).isBetween(250_000, 300_000);
        HttpResponse<String> response = Wire.postMultipart(
                small,
                "/v1/images/edits",
                new Multipart()
                        .file("image", "big.png", "image/png", image)
                        .text("prompt", "a door")
                        .text("size", "64x64"));
        assertError(response, 413, "invalid_request_error", "request_too_large", null);
    }

    /** Without a Content-Length the limit must still hold while the parts are read. */
    @Test
    void chunkedMultipartBodyOverTheLimitIsTooLarge() {
        Multipart form = new Multipart()
                .file("image", "big.png", "image/png", WireImages.png(WireImages.noise(300, 300, 5)))
                .text("prompt", "a door")
                .text("size", "64x64");
        byte[] body = form.bytes();
        HttpResponse<String> response = Wire.send(HttpRequest.newBuilder(small.uri("/v1/images/edits"))
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());
        assertError(response, 413, "invalid_request_error", "request_too_large", null);
    }

    @Test
    void jsonBodyOverTheLimitIsTooLarge() {
        String prompt = "a".repeat(250_000);
        assertError(
                Wire.postJson(small, "/v1/images/generations", "{\"prompt\": \"" + prompt + "\"}"),
                413,
                "invalid_request_error",
                "request_too_large",
                null);
    }

    @Test
    void imageOverThePixelLimitIsTooLarge() {
        BufferedImage flat = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = flat.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 512, 512);
        g.dispose();
        byte[] png = WireImages.png(flat); // small file, 262,144 pixels
        HttpResponse<String> response = Wire.postMultipart(
                small,
                "/v1/images/edits",
                new Multipart()
                        .file("image", "flat.png", "image/png", png)
                        .text("prompt", "a door")
                        .text("size", "64x64"));
        assertError(response, 400, "invalid_request_error", "image_too_large", "image");
    }

    /**
     * One worker and one queue slot: two slow streamed generations take both, so the next requests,
     * plain and streamed, are refused with 429 and a Retry-After. Closing the streams cancels the
     * slow jobs.
     */
    @Test
    void fullQueueAnswers429WithRetryAfter() throws Exception {
        List<CompletableFuture<HttpResponse<InputStream>>> slow = List.of(slowStream(), slowStream());
        List<HttpResponse<InputStream>> accepted =
                slow.stream().map(CompletableFuture::join).toList();
        try {
            assertThat(accepted).extracting(HttpResponse::statusCode).containsExactly(200, 200);

            assertRateLimited(Wire.postJson(busy, "/v1/images/generations", """
                    {"model": "gpt-image-1", "prompt": "one more", "size": "64x64"}"""));
            assertRateLimited(Wire.postJson(busy, "/v1/images/generations", """
                    {"model": "gpt-image-1", "prompt": "one more, streamed", "size": "64x64", "stream": true}"""));
        } finally {
            for (HttpResponse<InputStream> response : accepted) {
                response.body().close();
            }
        }
    }

    private static void assertRateLimited(HttpResponse<String> response) {
        assertError(response, 429, "requests", "rate_limit_exceeded", null);
        String retryAfter = response.headers()
                .firstValue("retry-after")
                .orElseThrow(() -> new AssertionError("429 without a Retry-After header"));
        assertThat(retryAfter).matches("[1-9][0-9]*");
        assertThat(response.headers().firstValue("retry-after-ms")).hasValue(Integer.parseInt(retryAfter) * 1000 + "");
    }

    private static CompletableFuture<HttpResponse<InputStream>> slowStream() {
        return Wire.HTTP.sendAsync(
                HttpRequest.newBuilder(busy.uri("/v1/images/generations"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(SLOW_STREAM))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }
}
