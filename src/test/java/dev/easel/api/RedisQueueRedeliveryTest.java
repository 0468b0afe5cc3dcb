package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.store.RedisServer;
import java.net.http.HttpResponse;
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
 * response fails saying why.
 */
class RedisQueueRedeliveryTest {
    static final RedisServer redis = RedisServer.shared();
    static final String JOBS = "easel:jobs:tiny";

    @RegisterExtension
    static final TestServer api = TestServer.with(Map.of("role", "api", "queue.redis_url", redis.url()));

    static final RedisClient client = RedisClient.create(java.net.URI.create(redis.url()));

    @AfterAll
    static void stop() {
        client.close();
    }

    @Test
    void aJobWhoseWorkerWentSilentIsTakenOverAndOneLostTooOftenFails() throws Exception {
        client.del(JOBS, "easel:jobs:dead");
        client.xgroupCreate(JOBS, "workers", new StreamEntryID(), true);
        client.setex("easel:serving:tiny", 60, "ghost"); // the ghost announces the model

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
