package dev.easel.tools.planner;

import static dev.easel.tools.planner.ScriptedChatServer.json;
import static dev.easel.tools.planner.ScriptedChatServer.message;
import static dev.easel.tools.planner.ScriptedChatServer.status;
import static dev.easel.tools.planner.ScriptedChatServer.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each failure kind, its message, and that the API key never shows in either. */
class PlannerErrorsTest {
    private static final String KEY = "sk-very-secret-4711";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ScriptedChatServer server;
    private String origin;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedChatServer();
        origin = "http://127.0.0.1:" + server.baseUrl().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void refusedConnectionIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PlannerSettings settings = new PlannerSettings(
                URI.create("http://127.0.0.1:" + port + "/v1"), "m", Optional.of(KEY), Duration.ofSeconds(2));

        PlannerException e = fail(new ChatCompletionsPlanner(settings, HTTP));

        assertThat(e.kind()).isEqualTo(PlannerException.Kind.UNREACHABLE);
        assertThat(e.getMessage()).startsWith("cannot reach the planner at http://127.0.0.1:" + port + ": ");
    }

    @Test
    void unknownHostIsUnreachable() {
        PlannerSettings settings = new PlannerSettings(
                URI.create("http://no-such-host.invalid:8080/v1"), "m", Optional.empty(), Duration.ofSeconds(2));

        PlannerException e = fail(new ChatCompletionsPlanner(settings, HTTP));

        assertThat(e.kind()).isEqualTo(PlannerException.Kind.UNREACHABLE);
        assertThat(e.getMessage())
                .isEqualTo(
                        "cannot reach the planner at http://no-such-host.invalid:8080: unknown host no-such-host.invalid");
    }

    @Test
    void slowHeadersAreATimeout() {
        server.enqueue(text("too late").delayed(Duration.ofSeconds(5)));

        long start = System.nanoTime();
        PlannerException e = fail(planner(Duration.ofMillis(300)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(e.kind()).isEqualTo(PlannerException.Kind.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("the planner at " + origin + " did not answer within 300ms");
    }

    @Test
    void aStalledBodyIsATimeoutToo() {
        server.enqueue(text("too late").stallingBody(Duration.ofSeconds(5)));

        long start = System.nanoTime();
        PlannerException e = fail(planner(Duration.ofMillis(300)));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(e.kind()).isEqualTo(PlannerException.Kind.TIMEOUT);
    }

    @Test
    void httpErrorsCarryStatusAndServerMessage() {
        server.enqueue(
                status(
                        401,
                        "{\"error\":{\"message\":\"Incorrect API key provided.\",\"type\":\"invalid_request_error\"}}"),
                status(404, "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}"),
                status(400, "{\"object\":\"error\",\"message\":\"bad\\nrequest\",\"code\":400}"),
                status(502, "<html>Bad Gateway</html>"));
        Planner planner = planner(Duration.ofSeconds(2));

        List<String> messages = List.of(fail(planner), fail(planner), fail(planner), fail(planner)).stream()
                .peek(e -> assertThat(e.kind()).isEqualTo(PlannerException.Kind.HTTP_ERROR))
                .map(Throwable::getMessage)
                .toList();

        assertThat(messages)
                .containsExactly(
                        "the planner at " + origin + " answered HTTP 401: Incorrect API key provided.",
                        "the planner at " + origin
                                + " answered HTTP 404: model \"llama9\" not found, try pulling it first",
                        "the planner at " + origin + " answered HTTP 400: bad request",
                        "the planner at " + origin + " answered HTTP 502");
    }

    @Test
    void longErrorMessagesAreCutTo300Characters() {
        server.enqueue(status(500, "{\"error\":{\"message\":\"" + "x".repeat(1000) + "\"}}"));

        String message = fail(planner(Duration.ofSeconds(2))).getMessage();

        String detail = message.substring(message.indexOf("500: ") + 5);
        assertThat(detail).hasSize(300).startsWith("xxx").endsWith("x…");
    }

    @Test
    void anEchoedKeyIsRedacted() {
        server.enqueue(status(401, "{\"error\":{\"message\":\"key " + KEY + " is not valid\"}}"));

        PlannerException e = fail(planner(Duration.ofSeconds(2)));

        assertThat(e.getMessage())
                .isEqualTo("the planner at " + origin + " answered HTTP 401: key [redacted] is not valid");
    }

    @Test
    void unusableAnswersAreBadResponses() {
        server.enqueue(
                json("{\"choices\":[{\"message\":"),
                json("{}"),
                json("{\"choices\":[]}"),
                json("{\"error\":{\"message\":\"upstream overloaded\"}}"),
                json("[1,2]"),
                message("{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"arguments\":\"{}\"}}]}"),
                message("{\"role\":\"assistant\",\"content\":42}"));
        Planner planner = planner(Duration.ofSeconds(2));

        List<String> messages = List.of(
                        fail(planner),
                        fail(planner),
                        fail(planner),
                        fail(planner),
                        fail(planner),
                        fail(planner),
                        fail(planner))
                .stream()
                .peek(e -> assertThat(e.kind()).isEqualTo(PlannerException.Kind.BAD_RESPONSE))
                .map(Throwable::getMessage)
                .toList();

        String prefix = "the planner at " + origin + " answered with ";
        assertThat(messages)
                .containsExactly(
                        prefix + "malformed JSON",
                        prefix + "no choices",
                        prefix + "no choices",
                        prefix + "no choices (error: upstream overloaded)",
                        prefix + "malformed JSON",
                        prefix + "a tool call without a function name",
                        prefix + "message content that is neither text nor null");
    }

    @Test
    void theKeyAppearsInNoMessageNorToString() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PlannerException timeout;
        // A server of its own: a request the client abandons early may never take its scripted reply.
        try (ScriptedChatServer slow = new ScriptedChatServer()) {
            slow.enqueue(text("slow").delayed(Duration.ofSeconds(5)));
            timeout = fail(new ChatCompletionsPlanner(slow.settings(Optional.of(KEY), Duration.ofMillis(200)), HTTP));
        }
        server.enqueue(status(403, "{\"error\":{\"message\":\"nope " + KEY + "\"}}"), json("nonsense"));
        Planner planner = planner(Duration.ofSeconds(2));
        PlannerSettings refusedSettings = new PlannerSettings(
                URI.create("http://127.0.0.1:" + closedPort), "m", Optional.of(KEY), Duration.ofSeconds(1));
        List<PlannerException> failures =
                List.of(timeout, fail(planner), fail(planner), fail(new ChatCompletionsPlanner(refusedSettings, HTTP)));

        assertThat(failures)
                .extracting(PlannerException::kind)
                .containsExactly(
                        PlannerException.Kind.TIMEOUT,
                        PlannerException.Kind.HTTP_ERROR,
                        PlannerException.Kind.BAD_RESPONSE,
                        PlannerException.Kind.UNREACHABLE);
        for (PlannerException e : failures) {
            assertThat(e.getMessage()).doesNotContain(KEY);
            assertThat(e.toString()).doesNotContain(KEY);
        }
        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(planner.toString()).doesNotContain(KEY).contains(origin, "test-model");
        assertThat(server.settings(Optional.of(KEY), Duration.ofSeconds(1)).toString())
                .doesNotContain(KEY);
    }

    private Planner planner(Duration timeout) {
        return new ChatCompletionsPlanner(server.settings(Optional.of(KEY), timeout), HTTP);
    }

    private static PlannerException fail(Planner planner) {
        return catchThrowableOfType(
                PlannerException.class,
                () -> planner.next(List.of(new ChatMessage.User("draw", 0)), List.of(), new ToolChoice.Auto()));
    }
}
