package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.tools.planner.ScriptedChatServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A response still running when the server stops is never left in progress: after a restart it has
 * failed. The restart happens in this JVM, so the old server's run thread stays blocked on the
 * planner until the class ends; it must not matter to what the new server says.
 */
class ResponsesRestartTest {
    static final ScriptedChatServer planner = startPlanner();

    @RegisterExtension
    static final TestServer server = TestServer.withEnv(
            Map.of("EASEL_PLANNER_URL", planner.baseUrl().toString(), "EASEL_PLANNER_MODEL", "test-model"));

    @AfterAll
    static void stopPlanner() {
        planner.close();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void backgroundResponseRunningAtShutdownIsFailedAfterTheRestart() throws Exception {
        // Longer than the test takes; closing the planner after the class ends the wait.
        planner.enqueue(ScriptedChatServer.text("Too late.").delayed(Duration.ofSeconds(30)));
        JsonNode queued = json(Wire.postJson(server, "/v1/responses", """
                {"model": "gpt-4.1", "input": "a lighthouse", "background": true,
                 "tools": [{"type": "image_generation", "size": "64x64"}]}"""));
        String id = queued.get("id").asString();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (planner.requests().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(planner.requests()).as("the run is waiting for the planner").hasSize(1);
        assertThat(json(Wire.get(server, "/v1/responses/" + id)).get("status").asString())
                .isEqualTo("in_progress");

        server.restart();

        JsonNode after = json(Wire.get(server, "/v1/responses/" + id));
        assertThat(after.get("status").asString()).isEqualTo("failed");
        assertThat(after.get("error").get("code").asString()).isEqualTo("server_error");
        assertThat(after.get("error").get("message").asString()).contains("restarted");
        assertThat(after.get("background").asBoolean()).isTrue();

        ResponseStream replay = ResponseStream.get(server, "/v1/responses/" + id + "?stream=true");
        assertThat(replay.types())
                .containsExactly("response.created", "response.queued", "response.in_progress", "response.failed");
        replay.assertConsecutiveFrom(0);
        assertThat(replay.finalResponse()).isEqualTo(after);
        JsonNode lateReplay =
                Wire.json(ResponseStream.get(server, "/v1/responses/" + id + "?stream=true&starting_after=2")
                        .frames()
                        .getFirst()
                        .data());
        assertThat(lateReplay.get("type").asString()).isEqualTo("response.failed");
        assertThat(lateReplay.get("sequence_number").asInt()).isEqualTo(3);
    }

    private static JsonNode json(HttpResponse<String> response) {
        ApiErrors.assertWellBehaved(response);
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(200);
        return Wire.json(response.body());
    }

    private static ScriptedChatServer startPlanner() {
        try {
            return new ScriptedChatServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
