package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The clock and the random source are injected ({@code Easel.start(config, env, clock, random)}):
 * with a fixed clock every timestamp a client sees is exact, and two servers seeded alike give the
 * same ids, request ids and (unseeded) images for the same requests. Each test sends the same
 * requests to both servers in the same order, so their random sources stay in step.
 */
class ResponsesDeterminismTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long EPOCH = 1_772_366_400L;

    @RegisterExtension
    static final TestServer one =
            TestServer.withDefaults().withClockAndRandom(Clock.fixed(NOW, ZoneOffset.UTC), new Random(7));

    @RegisterExtension
    static final TestServer two =
            TestServer.withDefaults().withClockAndRandom(Clock.fixed(NOW, ZoneOffset.UTC), new Random(7));

    private static final String BODY = """
            {"model": "gpt-4.1", "input": "a lighthouse at dusk",
             "tools": [{"type": "image_generation", "size": "64x64", "quality": "low", "partial_images": 1}]%s}""";

    @Test
    void aResponseHasTheClocksTimestampsAndTheSeedsIds() {
        List<HttpResponse<String>> created = both(s -> Wire.postJson(s, "/v1/responses", BODY.formatted("")));

        JsonNode response = Wire.json(created.get(0).body());
        assertThat(response.get("created_at").asLong()).isEqualTo(EPOCH);
        assertThat(response.get("completed_at").asLong()).isEqualTo(EPOCH);
        assertThat(response.get("status").asString()).isEqualTo("completed");
        assertThat(response.get("id").asString()).matches("resp_[0-9a-f]{48}");
        assertThat(Wire.json(created.get(1).body()))
                .as("the same response, ids and image included, from a server seeded alike")
                .isEqualTo(response);
        assertThat(created.get(0).headers().firstValue("x-request-id"))
                .isEqualTo(created.get(1).headers().firstValue("x-request-id"));
        String id = response.get("id").asString();
        List<HttpResponse<String>> items = both(s -> Wire.get(s, "/v1/responses/" + id + "/input_items"));
        assertThat(items.get(0).body()).isEqualTo(items.get(1).body());
        assertThat(Wire.json(items.get(0).body()).get("first_id").asString()).matches("msg_[0-9a-f]{48}");
    }

    @Test
    void aStreamIsTheSameOnServersSeededAlike() {
        List<ResponseStream> streams = List.of(
                ResponseStream.post(one, BODY.formatted(", \"stream\": true, \"background\": true")),
                ResponseStream.post(two, BODY.formatted(", \"stream\": true, \"background\": true")));

        assertThat(streams.get(0).body()).isEqualTo(streams.get(1).body());
        JsonNode created = streams.get(0).event(0).get("response");
        assertThat(created.get("created_at").asLong()).isEqualTo(EPOCH);
        assertThat(created.get("completed_at").isNull()).isTrue();
        JsonNode done = streams.get(0).finalResponse();
        assertThat(done.get("created_at").asLong()).isEqualTo(EPOCH);
        assertThat(done.get("completed_at").asLong()).isEqualTo(EPOCH);
    }

    @Test
    void filesModelsAndImagesUseTheInjectedClockAndRandom() {
        byte[] png = WireImages.png(WireImages.noise(16, 16, 4));
        List<HttpResponse<String>> files = both(s -> Wire.postMultipart(
                s, "/v1/files", new Multipart().text("purpose", "vision").file("file", "dot.png", "image/png", png)));
        JsonNode file = Wire.json(files.get(0).body());
        assertThat(file.get("created_at").asLong()).isEqualTo(EPOCH);
        assertThat(file.get("id").asString()).matches("file-[0-9a-f]{24}");
        assertThat(Wire.json(files.get(1).body())).isEqualTo(file);

        List<HttpResponse<String>> models = both(s -> Wire.get(s, "/v1/models"));
        for (JsonNode model : Wire.json(models.get(0).body()).get("data")) {
            assertThat(model.get("created").asLong())
                    .as("created of %s", model.get("id"))
                    .isEqualTo(EPOCH);
        }

        String generation = "{\"model\": \"gpt-image-1\", \"prompt\": \"a fox\", \"size\": \"64x64\"}";
        List<HttpResponse<String>> images = both(s -> Wire.postJson(s, "/v1/images/generations", generation));
        JsonNode image = Wire.json(images.get(0).body());
        assertThat(image.get("created").asLong()).isEqualTo(EPOCH);
        assertThat(Wire.json(images.get(1).body()))
                .as("an unseeded image draws its seed from the injected random source")
                .isEqualTo(image);

        String streamed = "{\"model\": \"gpt-image-1\", \"prompt\": \"a fox\", \"size\": \"64x64\","
                + " \"stream\": true, \"partial_images\": 1}";
        List<HttpResponse<String>> imageStreams = both(s -> Wire.postJson(s, "/v1/images/generations", streamed));
        // Byte for byte, every event; the SSE comments between them (one per step, ignored by
        // clients) fall where the engine's steps and the previews' encoding happen to meet.
        List<SseFrames.Frame> frames =
                new SseFrames(imageStreams.get(0).body().lines().iterator()).all();
        assertThat(new SseFrames(imageStreams.get(1).body().lines().iterator()).all())
                .isEqualTo(frames);
        assertThat(frames).isNotEmpty();
        for (SseFrames.Frame frame : frames) {
            assertThat(Wire.json(frame.data()).get("created_at").asLong())
                    .as("created_at of %s", frame.event())
                    .isEqualTo(EPOCH);
        }
    }

    private static List<HttpResponse<String>> both(Function<TestServer, HttpResponse<String>> request) {
        List<HttpResponse<String>> answers = List.of(request.apply(one), request.apply(two));
        for (HttpResponse<String> answer : answers) {
            ApiErrors.assertWellBehaved(answer);
            assertThat(answer.statusCode()).as("status of %s", answer.body()).isEqualTo(200);
        }
        return answers;
    }
}
