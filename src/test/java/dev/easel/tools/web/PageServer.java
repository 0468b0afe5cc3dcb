package dev.easel.tools.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A web site on 127.0.0.1, port 0, that records every request path it gets (any path, handled or
 * not: unhandled ones answer 404). Stalling handlers wait at most 3 s, or until {@link #close}.
 */
public final class PageServer implements AutoCloseable {
    static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

    /** Every request path, in order. */
    public final List<String> requests = new CopyOnWriteArrayList<>();

    private final HttpServer server;
    private final java.util.Map<String, HttpHandler> handlers = new java.util.concurrent.ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);

    public PageServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            try (exchange) {
                HttpHandler handler = handlers.get(path);
                if (handler == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    handler.handle(exchange);
                }
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public PageServer handle(String path, HttpHandler handler) {
        handlers.put(path, handler);
        return this;
    }

    public PageServer page(String path, String type, String body) {
        return handle(path, ex -> respond(ex, 200, type, body.getBytes(StandardCharsets.UTF_8)));
    }

    long count(String path) {
        return requests.stream().filter(path::equals).count();
    }

    public static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    void stall() {
        try {
            release.await(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
