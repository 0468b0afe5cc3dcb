package dev.easel.tools.search;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local HTTP server that answers as a search provider's API does (the JSON shapes of the
 * providers' documentation): a canned answer per test, and every request it got.
 */
public final class FakeSearchServer implements AutoCloseable {
    /** A scripted answer: status, body, and how long to wait first. */
    public record Answer(int status, String body, long delayMillis) {}

    /** A request as the server saw it: method, path with query, headers of interest, body. */
    public record Seen(String method, String pathAndQuery, String apiKeyHeader, String body) {}

    private final HttpServer server;
    private final AtomicReference<Answer> answer = new AtomicReference<>(new Answer(200, "{\"results\": []}", 0));
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();

    public FakeSearchServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String key = exchange.getRequestHeaders().getFirst("X-Subscription-Token");
            if (key == null) {
                key = exchange.getRequestHeaders().getFirst("x-api-key");
            }
            if (key == null) {
                key = exchange.getRequestHeaders().getFirst("Authorization");
            }
            seen.add(new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    key,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer a = answer.get();
            try {
                Thread.sleep(a.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void answer(int status, String body) {
        answer.set(new Answer(status, body, 0));
    }

    public void answer(Answer a) {
        answer.set(a);
    }

    public List<Seen> requests() {
        return List.copyOf(seen);
    }

    public void reset() {
        seen.clear();
        answer("{\"results\": []}");
    }

    private void answer(String body) {
        answer(200, body);
    }

    /** A SearXNG JSON answer with these results: {url, title, content} each. */
    public static String searxng(String... urlTitleContent) {
        StringBuilder s = new StringBuilder("{\"query\": \"q\", \"number_of_results\": 0, \"results\": [");
        for (int i = 0; i + 2 < urlTitleContent.length; i += 3) {
            if (i > 0) {
                s.append(',');
            }
            s.append("{\"url\": ")
                    .append(quote(urlTitleContent[i]))
                    .append(", \"title\": ")
                    .append(quote(urlTitleContent[i + 1]))
                    .append(", \"content\": ")
                    .append(quote(urlTitleContent[i + 2]))
                    .append(
                            ", \"engine\": \"sqlite\", \"engines\": [\"sqlite\"], \"score\": 1.0, \"category\": \"general\"}");
        }
        return s.append("], \"answers\": [], \"corrections\": [], \"infoboxes\": [], \"suggestions\": [],"
                        + " \"unresponsive_engines\": []}")
                .toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
