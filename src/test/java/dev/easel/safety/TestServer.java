package dev.easel.safety;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on 127.0.0.1, port 0, recording each request as "Host path". Handlers that stall
 * wait on a latch that {@link #close} releases, and never longer than 2 s.
 */
final class TestServer implements AutoCloseable {
    static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

    final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    TestServer() throws IOException {
        this(HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0));
    }

    TestServer(HttpServer server) {
        this.server = server;
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** "127.0.0.1:port" (or another host) — the authority part of URLs to this server. */
    String authority(String host) {
        return host + ":" + port();
    }

    TestServer handle(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            requests.add(exchange.getRequestHeaders().getFirst("Host") + " " + exchange.getRequestURI());
            try (exchange) {
                handler.handle(exchange);
            }
        });
        return this;
    }

    static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(status, -1);
    }

    /** Writes until the client goes away (or 64 MiB), with chunked framing. */
    static void endless(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[16 * 1024];
        OutputStream out = exchange.getResponseBody();
        try {
            for (int i = 0; i < 4096; i++) {
                out.write(chunk);
            }
        } catch (IOException clientGone) {
            // expected: the guard stops reading at its limit
        }
    }

    void stall() {
        try {
            release.await(2, TimeUnit.SECONDS);
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
