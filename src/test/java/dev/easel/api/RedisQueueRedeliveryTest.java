package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.store.RedisServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import tools.jackson.databind.JsonNode;

/**
 * Jobs whose worker died, on a real Redis: a "worker" that takes jobs and never beats (this test, as consumer
 * {@code ghost}) leaves them pending; a real worker started afterwards takes the one over once it looks
 * abandoned and the response completes; the one already delivered three times goes to the dead letters and its
 * response fails saying why. A worker asked to stop hands its running job back, and another makes it; with no
 * other worker for its model, the job fails (503) instead of waiting forever.
 */
class RedisQueueRedeliveryTest {
    static final LogCapture logs = LogCapture.start();
    static final RedisServer redis = RedisServer.shared();
    static final String JOBS = "easel:jobs:tiny";

    @RegisterExtension
    static final TestServer api = TestServer.with(Map.of("role", "api", "queue.redis_url", redis.url()));

    static final RedisClient client = RedisClient.create(java.net.URI.create(redis.url()));

    @AfterAll
    static void stop() {
        logs.close();
        client.close();
    }

    @Test
    void aJobWhoseWorkerWentSilentIsTakenOverAndOneLostTooOftenFails() throws Exception {
        String announced = announcement();
        client.del(JOBS, "easel:jobs:dead");
        client.xgroupCreate(JOBS, "workers", new StreamEntryID(), true);
        client.setex("easel:serving:tiny", 60, announced); // the ghost announces the model

        CompletableFuture<HttpResponse<String>> takenOver =
                CompletableFuture.supplyAsync(() -> Wire.postJson(api, "/v1/responses", """
                {"model": "gpt-4.1", "input": "a fox", "tools": [{"type": "image_generation", "size": "64x64"}]}"""));
        StreamEntryID first = grabAsGhost();
        CompletableFuture<HttpResponse<String>> dead =
                CompletableFuture.supplyAsync(() -> Wire.postJson(api, "/v1/responses", """
                {"model": "gpt-4.1", "input": "a wolf", "tools": [{"type": "image_generation", "size": "64x64"}]}"""));
        StreamEntryID second = grabAsGhost();
        for (int i = 0; i < 2; i++) { // as if two more workers had died with it
            client.xclaim(JOBS, "workers", "ghost", 0, XClaimParams.xClaimParams(), second);
        }
        assertThat(first).isNotEqualTo(second);

        TestServer worker = TestServer.with(Map.of("role", "worker", "queue.redis_url", redis.url()));
        worker.beforeAll(null);
        try {
            HttpResponse<String> completed = takenOver.join();
            assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
            assertThat(Wire.json(completed.body()).path("status").asString()).isEqualTo("completed");

            JsonNode failed = Wire.json(dead.join().body());
            assertThat(failed.path("status").asString()).as(failed.toString()).isEqualTo("failed");
            assertThat(failed.at("/error/message").asString()).contains("stopped 3 times");
            assertThat(client.xlen("easel:jobs:dead")).isEqualTo(1);
            assertThat(client.xlen(JOBS)).as("both ended").isZero();
        } finally {
            worker.afterAll(null);
        }
    }

    @Test
    void aWorkerAskedToStopHandsItsJobBackAndAnotherFinishesIt() throws Exception {
        client.del("easel:serving:tiny"); // no ghost here: only the real workers serve
        TestServer first =
                TestServer.with(Map.of("role", "worker", "queue.redis_url", redis.url(), "queue.worker_grace", "0"));
        TestServer second = TestServer.with(Map.of("role", "worker", "queue.redis_url", redis.url()));
        first.beforeAll(null);
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> stream = stream(lines);
        long handedBefore;
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (lines.stream().noneMatch(l -> l.contains("partial_image")) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            second.beforeAll(null);
            handedBefore = handBacks();
            first.afterAll(null); // grace 0: hands the running job back at once
            stream.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            second.afterAll(null);
        }
        List<String> events = lines.stream()
                .filter(l -> l.startsWith("event: "))
                .map(l -> l.substring(7))
                .toList();
        assertThat(events).last().isEqualTo("response.completed");
        List<Integer> partials = lines.stream()
                .filter(l -> l.startsWith("data: ") && l.contains("partial_image_index"))
                .map(l -> Wire.json(l.substring(6)).path("partial_image_index").asInt())
                .toList();
        assertThat(partials)
                .as("each preview once, in order, across the hand-back")
                .containsExactly(0, 1, 2);
    }

    @Test
    void aJobWhoseModelNoWorkerServesAnyMoreFailsInsteadOfWaiting() throws Exception {
        client.del("easel:serving:tiny");
        TestServer only =
                TestServer.with(Map.of("role", "worker", "queue.redis_url", redis.url(), "queue.worker_grace", "0"));
        only.beforeAll(null);
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> stream = stream(lines);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (lines.stream().noneMatch(l -> l.contains("partial_image")) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long handedBefore = handBacks();
        only.afterAll(null); // hands the job back, and no worker is left to take it
        stream.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(handBacks()).as("the job was handed back mid-run").isEqualTo(handedBefore + 1);
        assertThat(lines).filteredOn(l -> l.startsWith("event: ")).last().isEqualTo("event: response.failed");
        assertThat(lines.stream()
                        .filter(l -> l.contains("\"type\":\"response.failed\""))
                        .findFirst())
                .hasValueSatisfying(l -> assertThat(l).contains("stopped before making this image"));
    }

    /** The model as a worker announces it (what it is and accepts), taken from a real worker's start. */
    private static String announcement() throws Exception {
        TestServer real = TestServer.with(Map.of("role", "worker", "queue.redis_url", redis.url()));
        real.beforeAll(null);
        try {
            return client.get("easel:serving:tiny");
        } finally {
            real.afterAll(null);
        }
    }

    private static long handBacks() {
        return logs.everything().split("handed job job_", -1).length - 1;
    }

    @Test
    void theQueueComesBackAfterRedisLostItsData() throws Exception {
        TestServer worker = TestServer.with(Map.of("role", "worker", "queue.redis_url", redis.url()));
        worker.beforeAll(null);
        try {
            assertThat(small().statusCode()).isEqualTo(200);
            client.flushAll(); // as a Redis without persistence that restarted
            long deadline = System.nanoTime() + 30_000_000_000L;
            JsonNode again = Wire.json(small().body());
            while (!again.path("status").asString().equals("completed") && System.nanoTime() < deadline) {
                // Until the worker's next beat announces the model again, the image fails saying why.
                assertThat(again.at("/error/message").asString())
                        .as(again.toString())
                        .contains("No engine worker");
                Thread.sleep(200);
                again = Wire.json(small().body());
            }
            assertThat(again.path("status").asString()).as(again.toString()).isEqualTo("completed");
        } finally {
            worker.afterAll(null);
        }
    }

    private static HttpResponse<String> small() {
        return Wire.postJson(api, "/v1/responses", """
                {"model": "gpt-4.1", "input": "a small boat", "tools": [{"type": "image_generation", "size": "64x64"}]}""");
    }

    /** Streams a long generation into {@code lines}, as they come. */
    private static CompletableFuture<Void> stream(List<String> lines) {
        return CompletableFuture.runAsync(() -> send(
                        java.net.http.HttpRequest.newBuilder(api.uri("/v1/responses"))
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                                        {"model": "gpt-4.1", "input": "a long night", "stream": true,
                                         "tools": [{"type": "image_generation", "size": "1024x1024", "quality": "high",
                                                    "partial_images": 3}]}"""))
                                .build(),
                        HttpResponse.BodyHandlers.ofLines())
                .body()
                .forEach(lines::add));
    }

    private static <T> HttpResponse<T> send(java.net.http.HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return Wire.HTTP.send(request, body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the next job as a consumer that then dies; the job's entry id. */
    private static StreamEntryID grabAsGhost() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            var got = client.xreadGroup(
                    "workers",
                    "ghost",
                    XReadGroupParams.xReadGroupParams().count(1).block(20),
                    Map.of(JOBS, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
            if (got != null && !got.isEmpty() && !got.getFirst().getValue().isEmpty()) {
                return got.getFirst().getValue().getFirst().getID();
            }
        }
        throw new AssertionError("no job reached the queue");
    }
}
