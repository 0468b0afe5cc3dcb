package dev.easel.tools.planner;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A planner behind any OpenAI-compatible Chat Completions endpoint (Ollama, llama.cpp, vLLM,
 * OpenAI). Thread-safe; one round is one non-streaming {@code POST {baseUrl}/chat/completions}.
 */
public final class ChatCompletionsPlanner implements Planner {
    private final PlannerSettings settings;
    private final HttpClient http;
    private final URI endpoint;

    /** @param http shared with the rest of Easel; its connect timeout and proxy settings apply */
    public ChatCompletionsPlanner(PlannerSettings settings, HttpClient http) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint = URI.create(settings.baseUrl() + "/chat/completions");
    }

    @Override
    public PlannerReply next(List<ChatMessage> messages, List<FunctionSpec> tools, ToolChoice choice)
            throws PlannerException {
        Objects.requireNonNull(choice, "choice");
        String body =
                PlannerJson.MAPPER.writeValueAsString(ChatRequest.body(settings.model(), messages, tools, choice));
        try {
            HttpResponse<String> response = send(body);
            if (response.statusCode() / 100 != 2) {
                String detail = ErrorBodies.message(response.body());
                throw new PlannerException(
                        PlannerException.Kind.HTTP_ERROR,
                        "the planner at " + settings.origin() + " answered HTTP " + response.statusCode()
                                + (detail.isEmpty() ? "" : ": " + detail));
            }
            return ChatResponse.parse(response.body(), new CallIds("call_", messages), settings.origin());
        } catch (PlannerException e) {
            throw withoutKey(e);
        }
    }

    @Override
    public String model() {
        return settings.model();
    }

    @Override
    public String toString() {
        return "ChatCompletionsPlanner[" + settings.origin() + ", model=" + settings.model() + "]";
    }

    private HttpResponse<String> send(String body) throws PlannerException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (endpoint.getScheme().equals("http")) {
            // No cleartext HTTP/2 upgrade: it buys nothing for one JSON exchange, and local servers
            // differ in how they treat an Upgrade header on a POST.
            request.version(HttpClient.Version.HTTP_1_1);
        }
        settings.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        CompletableFuture<HttpResponse<String>> pending =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        // The request timeout stops at the response headers; waiting on the future bounds the body too.
        try {
            return pending.get(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw timeout(e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new PlannerException(
                    PlannerException.Kind.TIMEOUT,
                    "interrupted while waiting for the planner at " + settings.origin(),
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                throw timeout(cause);
            }
            throw new PlannerException(
                    PlannerException.Kind.UNREACHABLE,
                    "cannot reach the planner at " + settings.origin() + ": " + reason(cause),
                    cause);
        }
    }

    private PlannerException timeout(Throwable cause) {
        return new PlannerException(
                PlannerException.Kind.TIMEOUT,
                "the planner at " + settings.origin() + " did not answer within " + describe(settings.timeout()),
                cause);
    }

    /** "2s" or "1500ms". */
    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /** A short phrase for why the connection failed; the JDK often gives no message at all. */
    private String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host " + settings.baseUrl().getHost();
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "connection timed out";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return failure instanceof ConnectException
                ? "connection refused"
                : failure.getClass().getSimpleName();
    }

    /** A server could echo the key in an error body; it must not travel on to API users or logs. */
    private PlannerException withoutKey(PlannerException e) {
        if (settings.apiKey().isEmpty()
                || !e.getMessage().contains(settings.apiKey().get())) {
            return e;
        }
        return new PlannerException(
                e.kind(), e.getMessage().replace(settings.apiKey().get(), "[redacted]"));
    }
}
