package dev.easel.tools.planner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A local Chat Completions endpoint that answers from a queue of scripted replies and records
 * every request it receives. Base URL {@code http://127.0.0.1:<port>/v1}. Public for the wire
 * tests of the Responses API, which run Easel against it.
 */
public final class ScriptedChatServer implements AutoCloseable {

    /** One request as the server saw it. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        /** The first value of header {@code name}, or null when absent. */
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }

        public JsonNode json() {
            return PlannerJson.MAPPER.readTree(body);
        }
    }

    /**
     * One scripted answer.
     *
     * @param delay waited before the status line
     * @param bodyStall waited after the headers, before the body
     */
    public record Reply(int status, String body, Duration delay, Duration bodyStall) {
        public Reply delayed(Duration wait) {
            return new Reply(status, body, wait, bodyStall);
        }

        public Reply stallingBody(Duration wait) {
            return new Reply(status, body, delay, wait);
        }
    }

    private final HttpServer server;
    private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    public ScriptedChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public static Reply json(String body) {
        return new Reply(200, body, Duration.ZERO, Duration.ZERO);
    }

    public static Reply status(int status, String body) {
        return new Reply(status, body, Duration.ZERO, Duration.ZERO);
    }

    /** A plain assistant text answer with usage. */
    public static Reply text(String content) {
        return json("""
                {"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":\
                {"role":"assistant","content":%s},"finish_reason":"stop"}],\
                "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}""".formatted(PlannerJson.MAPPER.writeValueAsString(content)));
    }

    /** A 200 answer whose body is {@code {"choices":[{"message": message}]}}. */
    public static Reply message(String messageJson) {
        return json("{\"choices\":[{\"index\":0,\"message\":" + messageJson + ",\"finish_reason\":\"stop\"}]}");
    }

    /** An assistant answer that calls one function with these arguments (JSON text), with usage. */
    public static Reply toolCall(String name, String argumentsJson) {
        return json("""
                {"id":"chatcmpl-2","object":"chat.completion","choices":[{"index":0,"message":\
                {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",\
                "function":{"name":%s,"arguments":%s}}]},"finish_reason":"tool_calls"}],\
                "usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}}""".formatted(
                PlannerJson.MAPPER.writeValueAsString(name), PlannerJson.MAPPER.writeValueAsString(argumentsJson)));
    }

    /** Forgets the script left and the requests recorded, for the next test on the same server. */
    public void reset() {
        script.clear();
        requests.clear();
    }

    public ScriptedChatServer enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    PlannerSettings settings(Optional<String> apiKey, Duration timeout) {
        return new PlannerSettings(baseUrl(), "test-model", apiKey, timeout);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public Request onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected one request, got " + requests.size());
        }
        return requests.getFirst();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body));
            Reply reply = script.poll();
            if (reply == null) {
                reply = status(500, "{\"error\":{\"message\":\"no scripted reply left\"}}");
            }
            pause(reply.delay());
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            OutputStream out = exchange.getResponseBody();
            out.flush();
            pause(reply.bodyStall());
            out.write(bytes);
        } catch (IOException e) {
            // The client gave up (timeout tests); nothing left to answer.
        }
    }

    /** Sleeps, but wakes at close so the test does not wait out the delay. */
    private void pause(Duration wait) {
        if (wait.isZero()) {
            return;
        }
        try {
            closing.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
