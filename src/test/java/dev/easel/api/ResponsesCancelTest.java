package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.easel.tools.planner.ScriptedChatServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/responses/{id}/cancel} and {@code DELETE} of running responses, as OpenAI has
 * them: only background responses can be cancelled; a finished one cannot; cancelling is
 * idempotent; a cancelled stream ends with {@code response.incomplete} whose snapshot is
 * {@code cancelled}; races with the run's end or a delete never give a 5xx; a delete stops the run
 * quietly. The planner (a scripted Chat Completions server) holds its answer so that a cancel lands
 * while the run waits for it.
 */
class ResponsesCancelTest {
    static final ScriptedChatServer planner = startPlanner();

    @RegisterExtension
    static final TestServer server = TestServer.withEnv(
            Map.of("EASEL_PLANNER_URL", planner.baseUrl().toString(), "EASEL_PLANNER_MODEL", "test-model"));

    private static final String TOOL = "{\"type\": \"image_generation\", \"size\": \"64x64\", \"quality\": \"low\"}";

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void setUp() {
        planner.reset();
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        root.detachAppender(logs);
    }

    @AfterAll
    static void stopPlanner() {
        planner.close();
    }

    @Test
    void aFinishedResponseNotCreatedInBackgroundCannotBeCancelled() {
        JsonNode done = ok(Wire.postJson(server, "/v1/responses", body("direct", "")));

        JsonNode error = ApiErrors.assertError(cancel(id(done)), 400, "invalid_request_error", "invalid_value", null);

        assertThat(error.get("message").asString())
                .isEqualTo("Only responses created with background=true can be cancelled.");
        assertThat(get(id(done))).isEqualTo(done);
    }

    /** A streamed, not background, response while it runs: the cancel is refused and the run goes on. */
    @Test
    void aRunningResponseNotCreatedInBackgroundCannotBeCancelled() throws Exception {
        planner.enqueue(ScriptedChatServer.text("Done.").delayed(Duration.ofMillis(800)));
        try (LiveStream stream = LiveStream.post(server, body("gpt-4.1", "\"stream\": true,"))) {
            String id = stream.next().get("response").get("id").asString();
            awaitPlannerRequests(1);

            ApiErrors.assertError(cancel(id), 400, "invalid_request_error", "invalid_value", null);

            stream.rest();
            assertThat(stream.types().getLast()).isEqualTo("response.completed");
            assertThat(get(id).get("status").asString()).isEqualTo("completed");
        }
    }

    @Test
    void aCompletedBackgroundResponseCannotBeCancelled() throws Exception {
        String id = id(ok(Wire.postJson(server, "/v1/responses", body("direct", "\"background\": true,"))));
        JsonNode done = poll(id);
        assertThat(done.get("status").asString()).isEqualTo("completed");

        JsonNode error = ApiErrors.assertError(cancel(id), 400, "invalid_request_error", "invalid_value", null);

        assertThat(error.get("message").asString()).isEqualTo("Cannot cancel a completed response.");
        assertThat(get(id)).isEqualTo(done);
    }

    @Test
    void aFailedBackgroundResponseCannotBeCancelled() throws Exception {
        planner.enqueue(ScriptedChatServer.status(500, "{\"error\":{\"message\":\"upstream broke\"}}"));
        String id = id(ok(Wire.postJson(server, "/v1/responses", body("gpt-4.1", "\"background\": true,"))));
        JsonNode failed = poll(id);
        assertThat(failed.get("status").asString()).isEqualTo("failed");

        JsonNode error = ApiErrors.assertError(cancel(id), 400, "invalid_request_error", "invalid_value", null);

        assertThat(error.get("message").asString()).isEqualTo("Cannot cancel a failed response.");
        assertThat(get(id)).isEqualTo(failed);
    }

    /** Two cancels at once while the planner thinks, and a third after: the same cancelled snapshot each time. */
    @Test
    void cancellingARunningBackgroundResponseIsIdempotent() throws Exception {
        planner.enqueue(ScriptedChatServer.toolCall("image_generation", "{\"prompt\":\"a fox\"}")
                .delayed(Duration.ofMillis(1500)));
        String id = id(ok(Wire.postJson(server, "/v1/responses", body("gpt-4.1", "\"background\": true,"))));
        awaitPlannerRequests(1);

        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> both = List.of(
                CompletableFuture.supplyAsync(() -> await(go, () -> cancel(id))),
                CompletableFuture.supplyAsync(() -> await(go, () -> cancel(id))));
        go.countDown();
        List<HttpResponse<String>> answers =
                both.stream().map(f -> f.orTimeout(30, TimeUnit.SECONDS).join()).toList();

        for (HttpResponse<String> answer : answers) {
            ApiErrors.assertWellBehaved(answer);
            assertThat(answer.statusCode()).as("status of %s", answer.body()).isEqualTo(200);
        }
        JsonNode cancelled = Wire.json(answers.get(0).body());
        assertThat(Wire.json(answers.get(1).body())).isEqualTo(cancelled);
        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.get("output").size()).isZero();
        assertThat(cancelled.get("error").isNull()).isTrue();
        assertThat(cancelled.get("incomplete_details").isNull()).isTrue();
        assertThat(cancelled.get("completed_at").isNull()).isTrue();
        assertThat(ok(cancel(id))).as("a cancel after the run ended").isEqualTo(cancelled);
        assertThat(get(id)).isEqualTo(cancelled);
        Thread.sleep(1700); // the planner's answer (a tool call) arrives: nothing may run it
        assertThat(planner.requests()).hasSize(1);
        assertThat(get(id)).isEqualTo(cancelled);
    }

    /** The raw stream of a cancelled background + stream response, live and replayed. */
    @Test
    void aCancelledStreamEndsWithResponseIncompleteWhoseSnapshotIsCancelled() throws Exception {
        planner.enqueue(ScriptedChatServer.text("Here you go.").delayed(Duration.ofMillis(1500)));
        try (LiveStream stream = LiveStream.post(server, body("gpt-4.1", "\"background\": true, \"stream\": true,"))) {
            JsonNode created = stream.next();
            String id = created.get("response").get("id").asString();
            awaitPlannerRequests(1);

            JsonNode cancelled = ok(cancel(id));
            stream.rest();

            assertThat(stream.types())
                    .containsExactly(
                            "response.created", "response.queued", "response.in_progress", "response.incomplete");
            List<JsonNode> events = stream.events();
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).get("sequence_number").asLong()).isEqualTo(i);
            }
            JsonNode last = events.getLast();
            assertThat(last.get("response")).isEqualTo(cancelled);
            assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
            assertThat(cancelled.get("background").asBoolean()).isTrue();
            assertThat(cancelled.get("incomplete_details").isNull()).isTrue();
            assertThat(cancelled.get("error").isNull()).isTrue();
            assertThat(cancelled.get("output").size()).isZero();
            assertThat(cancelled.get("usage").get("total_tokens").asInt()).isZero();
            assertThat(events.get(2).get("response").get("status").asString()).isEqualTo("in_progress");

            ResponseStream replay = ResponseStream.get(server, "/v1/responses/" + id + "?stream=true");
            assertThat(ResponseStream.wire(replay.frames())).isEqualTo(ResponseStream.wire(stream.frames()));
        }
    }

    /**
     * The run may end while a cancel arrives: the cancel then either stops it (200, cancelled) or
     * finds it completed (400), and the stored response says the same; never a 5xx.
     */
    @Test
    void aCancelRacingTheEndOfTheRunIsNeverAServerError() throws Exception {
        int cancelled = 0;
        int completed = 0;
        for (int i = 0; i < 30; i++) {
            String id = id(ok(Wire.postJson(server, "/v1/responses", body("direct", "\"background\": true,"))));
            Thread.sleep(i % 10 * 3);

            HttpResponse<String> answer = cancel(id);

            ApiErrors.assertWellBehaved(answer);
            JsonNode stored = poll(id);
            if (answer.statusCode() == 200) {
                cancelled++;
                assertThat(Wire.json(answer.body())).isEqualTo(stored);
                assertThat(stored.get("status").asString()).isEqualTo("cancelled");
            } else {
                completed++;
                JsonNode error = ApiErrors.assertError(answer, 400, "invalid_request_error", "invalid_value", null);
                assertThat(error.get("message").asString()).isEqualTo("Cannot cancel a completed response.");
                assertThat(stored.get("status").asString()).isEqualTo("completed");
            }
        }
        assertThat(cancelled + completed).isEqualTo(30);
        assertNoErrorLogged();
    }

    /** A delete while a cancel waits for the run to stop: the cancel is a 404 or the cancelled snapshot. */
    @Test
    void aDeleteRacingACancelIsNeverAServerError() throws Exception {
        for (int i = 0; i < 5; i++) {
            planner.reset();
            planner.enqueue(ScriptedChatServer.text("late").delayed(Duration.ofMillis(1000)));
            String id = id(ok(Wire.postJson(server, "/v1/responses", body("gpt-4.1", "\"background\": true,"))));
            awaitPlannerRequests(1);

            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<HttpResponse<String>> cancel =
                    CompletableFuture.supplyAsync(() -> await(go, () -> cancel(id)));
            CompletableFuture<HttpResponse<String>> delete =
                    CompletableFuture.supplyAsync(() -> await(go, () -> delete(id)));
            go.countDown();

            HttpResponse<String> cancelAnswer =
                    cancel.orTimeout(30, TimeUnit.SECONDS).join();
            HttpResponse<String> deleteAnswer =
                    delete.orTimeout(30, TimeUnit.SECONDS).join();
            ApiErrors.assertWellBehaved(cancelAnswer);
            assertThat(deleteAnswer.statusCode())
                    .as("delete: %s", deleteAnswer.body())
                    .isEqualTo(200);
            if (cancelAnswer.statusCode() == 200) {
                assertThat(Wire.json(cancelAnswer.body()).get("status").asString())
                        .isEqualTo("cancelled");
            } else {
                ApiErrors.assertError(cancelAnswer, 404, "invalid_request_error", null, null);
            }
            ApiErrors.assertError(Wire.get(server, "/v1/responses/" + id), 404, "invalid_request_error", null, null);
        }
        assertNoErrorLogged();
    }

    /** Deleted while the planner thinks: the run stops (its tool call never runs), nothing is logged as an error. */
    @Test
    void deletingARunningBackgroundResponseDuringThePlannerCallStopsItQuietly() throws Exception {
        planner.enqueue(ScriptedChatServer.toolCall("image_generation", "{\"prompt\":\"a fox\"}")
                .delayed(Duration.ofMillis(1000)));
        String id = id(ok(Wire.postJson(server, "/v1/responses", body("gpt-4.1", "\"background\": true,"))));
        awaitPlannerRequests(1);

        assertThat(delete(id).statusCode()).isEqualTo(200);

        ApiErrors.assertError(Wire.get(server, "/v1/responses/" + id), 404, "invalid_request_error", null, null);
        Thread.sleep(1300);
        assertThat(planner.requests()).hasSize(1);
        ApiErrors.assertError(Wire.get(server, "/v1/responses/" + id), 404, "invalid_request_error", null, null);
        assertNoErrorLogged();
    }

    /** Deleted while its image is being made (after the first partial image): the job stops, quietly. */
    @Test
    void deletingARunningBackgroundResponseDuringTheImageJobStopsItQuietly() throws Exception {
        String big = "{\"model\": \"direct\", \"input\": \"a fox\", \"background\": true, \"stream\": true,"
                + " \"tools\": [{\"type\": \"image_generation\", \"size\": \"2048x2048\", \"quality\": \"high\","
                + " \"partial_images\": 3}]}";
        double cancelledBefore = cancelledJobs();
        try (LiveStream stream = LiveStream.post(server, big)) {
            String id = stream.next().get("response").get("id").asString();
            stream.until("response.image_generation_call.partial_image");

            assertThat(delete(id).statusCode()).isEqualTo(200);

            stream.rest();
            assertThat(stream.types()).doesNotContain("response.completed");
            ApiErrors.assertError(Wire.get(server, "/v1/responses/" + id), 404, "invalid_request_error", null, null);
        }
        assertThat(cancelledJobs()).isEqualTo(cancelledBefore + 1);
        assertNoErrorLogged();
    }

    private void assertNoErrorLogged() {
        assertThat(logs.list.stream()
                        .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()
                                + (e.getThrowableProxy() == null
                                        ? ""
                                        : " (" + e.getThrowableProxy().getClassName() + ": "
                                                + e.getThrowableProxy().getMessage() + ")"))
                        .toList())
                .as("ERROR log lines")
                .isEmpty();
    }

    /** The engine's count of cancelled jobs, from /metrics. */
    private static double cancelledJobs() {
        return Wire.get(server, "/metrics")
                .body()
                .lines()
                .filter(l -> l.startsWith("easel_jobs_total{") && l.contains("outcome=\"cancelled\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String body(String model, String extra) {
        return "{\"model\": \"" + model + "\", \"input\": \"a fox\", " + extra + " \"tools\": [" + TOOL + "]}";
    }

    private static HttpResponse<String> cancel(String id) {
        return Wire.postJson(server, "/v1/responses/" + id + "/cancel", "");
    }

    private static HttpResponse<String> delete(String id) {
        return Wire.send(HttpRequest.newBuilder(server.uri("/v1/responses/" + id))
                .DELETE()
                .build());
    }

    private static JsonNode get(String id) {
        return ok(Wire.get(server, "/v1/responses/" + id));
    }

    private static JsonNode ok(HttpResponse<String> response) {
        ApiErrors.assertWellBehaved(response);
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
        return Wire.json(response.body());
    }

    private static String id(JsonNode response) {
        return response.get("id").asString();
    }

    /** Polls until the response has ended. */
    private static JsonNode poll(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode r = get(id);
            String status = r.get("status").asString();
            if (!status.equals("queued") && !status.equals("in_progress")) {
                return r;
            }
            assertThat(System.nanoTime()).as("%s still %s", id, status).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void awaitPlannerRequests(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (planner.requests().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(planner.requests()).as("planner requests").hasSize(n);
    }

    private static <T> T await(CountDownLatch go, java.util.function.Supplier<T> action) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return action.get();
    }

    private static ScriptedChatServer startPlanner() {
        try {
            return new ScriptedChatServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
