package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.store.RedisServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import tools.jackson.databind.JsonNode;

/**
 * An API node ({@code role: api}) whose images are made by two engine workers ({@code role: worker}) through a
 * real Redis (Debian's {@code redis-server}): streamed and plain, on both APIs, the same pictures an all-in-one
 * server makes for the same seed (pixel for pixel: the files differ in their content credentials' ids); a key's
 * per-minute limits hold across API nodes (counted in Redis).
 */
class RedisQueueWireTest {
    /** Open before the servers start, so their starts (configuration included) are captured too. */
    static final LogCapture logs = LogCapture.start();

    static final RedisServer redis = RedisServer.shared();

    @RegisterExtension
    static final TestServer worker1 = TestServer.with(Map.of(
            "role",
            "worker",
            "queue.redis_url",
            redis.url(),
            "queue.worker_port",
            Integer.toString(dev.easel.store.PeerProcess.freePort())));

    @RegisterExtension
    static final TestServer worker2 = TestServer.with(Map.of("role", "worker", "queue.redis_url", redis.url()));

    @RegisterExtension
    static final TestServer api = TestServer.with(Map.of("role", "api", "queue.redis_url", redis.url()));

    @RegisterExtension
    static final TestServer alone = TestServer.withDefaults();

    static final String KEY = "sk-shared-limit-0123456789abcdefghijklmnop";
    static final Map<String, String> LIMITED = Map.of(
            "role", "api", "queue.redis_url", redis.url(), "auth.api_keys", KEY, "limits.requests_per_minute", "4");

    /** Two API nodes whose keys may make four requests a minute in all. */
    @RegisterExtension
    static final TestServer limitedA = TestServer.with(LIMITED);

    @RegisterExtension
    static final TestServer limitedB = TestServer.with(LIMITED);

    static final RedisClient client = RedisClient.create(java.net.URI.create(redis.url()));

    @AfterAll
    static void stop() {
        logs.close();
        client.close();
    }

    @Test
    void theQueuesPasswordIsNeitherLoggedNorStored() throws java.io.IOException {
        streamedResponsesAreMadeByTheWorkersAsOneProcessWouldMakeThem();
        assertThat(logs.everything()).contains("Redis at 127.0.0.1:").doesNotContain(RedisServer.PASSWORD);
        for (TestServer node : List.of(api, worker1, worker2)) {
            try (var files = java.nio.file.Files.walk(node.dataDir())) {
                for (java.nio.file.Path file :
                        files.filter(java.nio.file.Files::isRegularFile).toList()) {
                    assertThat(new String(
                                    java.nio.file.Files.readAllBytes(file),
                                    java.nio.charset.StandardCharsets.ISO_8859_1))
                            .as(file.toString())
                            .doesNotContain(RedisServer.PASSWORD);
                }
            }
        }
    }

    private static String request(int seed) {
        return """
                {"model": "gpt-4.1", "input": "a lighthouse at dusk", "stream": true,
                 "tools": [{"type": "image_generation", "size": "64x64", "partial_images": 2, "seed": %d}]}""".formatted(seed);
    }

    @Test
    void streamedResponsesAreMadeByTheWorkersAsOneProcessWouldMakeThem() {
        List<CompletableFuture<ResponseStream>> streams = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> ResponseStream.post(api, request(10 + i))))
                .toList();
        for (int i = 0; i < streams.size(); i++) {
            ResponseStream viaQueue = streams.get(i).join();
            ResponseStream local = ResponseStream.post(alone, request(10 + i));
            assertThat(viaQueue.types()).as(viaQueue.body()).last().isEqualTo("response.completed");
            assertThat(viaQueue.types()).isEqualTo(local.types());
            assertThat(partials(viaQueue)).hasSize(2).isEqualTo(partials(local));
            assertThat(WireImages.pixels(result(viaQueue))).isEqualTo(WireImages.pixels(result(local)));
        }
        assertThat(client.xlen("easel:jobs:tiny"))
                .as("ended jobs leave the stream")
                .isZero();
    }

    @Test
    void aWorkerServesItsHealthAndMetricsAndNothingElse() {
        streamedResponsesAreMadeByTheWorkersAsOneProcessWouldMakeThem();
        HttpResponse<String> health = Wire.get(worker1, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Wire.json(health.body()).path("role").asString()).isEqualTo("worker");
        assertThat(Wire.json(health.body()).path("capacity").asInt()).isEqualTo(1);
        HttpResponse<String> metrics = Wire.get(worker1, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("easel_queue_depth", "easel_queue_running");
        assertThat(Wire.get(worker1, "/v1/models").statusCode()).isEqualTo(404);
    }

    @Test
    void anApiNodesMetricsSumTheWorkersThatBeat() {
        HttpResponse<String> metrics = Wire.get(api, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        // Two workers of one engine worker each (other classes' workers may beat on the shared Redis too).
        assertThat(gauge(metrics.body(), "easel_workers")).isGreaterThanOrEqualTo(2);
        assertThat(gauge(metrics.body(), "easel_workers_capacity")).isGreaterThanOrEqualTo(2);
        assertThat(gauge(metrics.body(), "easel_workers_running")).isGreaterThanOrEqualTo(0);
        assertThat(Wire.get(alone, "/metrics").body())
                .as("one process has no workers to count")
                .doesNotContain("easel_workers");
    }

    private static double gauge(String metrics, String name) {
        return metrics.lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + metrics));
    }

    @Test
    void theImagesApiGoesThroughTheQueueToo() {
        String body = """
                {"model": "gpt-image-1", "prompt": "two moons", "n": 2, "size": "64x64", "seed": 5}""";
        HttpResponse<String> viaQueue = Wire.postJson(api, "/v1/images/generations", body);
        HttpResponse<String> local = Wire.postJson(alone, "/v1/images/generations", body);
        assertThat(viaQueue.statusCode()).as(viaQueue.body()).isEqualTo(200);
        assertThat(Wire.json(viaQueue.body()).path("data").findValuesAsString("b64_json").stream()
                        .map(WireImages::pixels)
                        .toList())
                .hasSize(2)
                .isEqualTo(Wire.json(local.body()).path("data").findValuesAsString("b64_json").stream()
                        .map(WireImages::pixels)
                        .toList());
        assertThat(Wire.json(viaQueue.body()).path("usage"))
                .as("the prompt's tokens, counted by the API node's tokenizer alone")
                .isEqualTo(Wire.json(local.body()).path("usage"));
    }

    @Test
    void theApiNodePlansByTheWorkersAnnouncementAndLoadsNoModel() {
        streamedResponsesAreMadeByTheWorkersAsOneProcessWouldMakeThem();
        theImagesApiGoesThroughTheQueueToo();
        // The model's own limits, as its worker loaded it: the same 400 as one process gives.
        String tooLarge = "{\"model\": \"gpt-image-1\", \"prompt\": \"two moons\", \"size\": \"4096x4096\"}";
        HttpResponse<String> viaQueue = Wire.postJson(api, "/v1/images/generations", tooLarge);
        HttpResponse<String> local = Wire.postJson(alone, "/v1/images/generations", tooLarge);
        assertThat(viaQueue.statusCode()).as(viaQueue.body()).isEqualTo(400);
        assertThat(viaQueue.body()).isEqualTo(local.body());
        assertThat(logs.everything())
                .as("workers load their models at start")
                .contains("loaded model 'tiny' from " + modelsOf(worker1))
                .contains("loaded model 'tiny' from " + modelsOf(worker2))
                .as("the API node makes no picture, so it loads no model")
                .doesNotContain("loaded model 'tiny' from " + modelsOf(api));
    }

    private static java.nio.file.Path modelsOf(TestServer node) {
        return node.dataDir().resolveSibling("models").resolve("tiny");
    }

    @Test
    void aKeysLimitsAreCountedAcrossApiNodes() {
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> ok = get(i % 2 == 0 ? limitedA : limitedB);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-ratelimit-remaining-requests"))
                    .hasValue(Integer.toString(3 - i));
        }
        for (TestServer node : List.of(limitedA, limitedB)) {
            HttpResponse<String> refused = get(node);
            ApiErrors.assertError(refused, 429, "requests", "rate_limit_exceeded", null);
            assertThat(refused.body()).contains("Limit 4");
        }
    }

    private static HttpResponse<String> get(TestServer node) {
        return Wire.send(java.net.http.HttpRequest.newBuilder(node.uri("/v1/models"))
                .header("Authorization", "Bearer " + KEY)
                .build());
    }

    private static List<List<Integer>> partials(ResponseStream stream) {
        return stream.frames().stream()
                .filter(f -> f.event().equals("response.image_generation_call.partial_image"))
                .map(f -> WireImages.pixels(
                        Wire.json(f.data()).path("partial_image_b64").asString()))
                .toList();
    }

    private static String result(ResponseStream stream) {
        JsonNode completed = Wire.json(stream.frames().getLast().data());
        return completed.at("/response/output/0/result").asString();
    }
}
