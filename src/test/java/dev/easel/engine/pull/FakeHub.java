package dev.easel.engine.pull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the Hugging Face Hub in its URL layout: the paginated tree API, resolve URLs that
 * redirect LFS files to a "CDN" on another port (another origin), Range requests, the Hub's ETag /
 * X-Linked-* headers, and injectable faults. Every request is recorded.
 */
final class FakeHub implements AutoCloseable {

    /** One request as the server saw it; header values are null when absent. */
    record Request(String server, String path, String range, String authorization) {}

    private static final Pattern TREE = Pattern.compile("/api/models/([^/]+/[^/]+)/tree/([^/?]+)");
    private static final Pattern RESOLVE = Pattern.compile("/([^/]+/[^/]+)/resolve/([^/]+)/(.+)");
    private static final Pattern CDN = Pattern.compile("/repos/([0-9a-f]{64})");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer hub;
    private final HttpServer cdn;
    private final Map<String, List<FakeFile>> repos = new ConcurrentHashMap<>();
    private final Map<String, String> gatedTokens = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Long> dropAfter = new ConcurrentHashMap<>();
    private final Map<String, Long> stallAfter = new ConcurrentHashMap<>();
    private final Map<String, Boolean> corrupt = new ConcurrentHashMap<>();
    private final Map<String, byte[]> overrides = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean ignoreRange;
    private volatile int pageSize = 3;

    FakeHub() throws IOException {
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/", this::handleHub);
        cdn.createContext("/", this::handleCdn);
        hub.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        cdn.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        hub.start();
        cdn.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
    }

    FakeHub repo(String id, FakeFile... files) {
        repos.put(id, List.of(files));
        return this;
    }

    /** Without the token the repository answers 401 GatedRepo, with another token 403, like the Hub. */
    FakeHub gated(String id, String token) {
        gatedTokens.put(id, token);
        return this;
    }

    /** The first response for {@code path} is cut after {@code offset} bytes of the file. */
    void dropAfter(String path, long offset) {
        dropAfter.put(path, offset);
    }

    /** The first response for {@code path} stops sending after {@code offset} bytes and hangs. */
    void stallAfter(String path, long offset) {
        stallAfter.put(path, offset);
    }

    /** {@code path} is always served with wrong bytes of the right length. */
    void corrupt(String path) {
        corrupt.put(path, true);
    }

    /** {@code path} is served with {@code bytes} although the tree lists the original. */
    void overrideContent(String path, byte[] bytes) {
        overrides.put(path, bytes.clone());
    }

    void ignoreRange() {
        ignoreRange = true;
    }

    /** The next {@code count} resolve requests fail with 503. */
    void failNext(int count) {
        failures.set(count);
    }

    void pageSize(int size) {
        pageSize = size;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> downloads() {
        return requests.stream()
                .filter(r -> r.server().equals("cdn") || r.path().contains("/resolve/"))
                .toList();
    }

    void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        closing.countDown();
        hub.stop(0);
        cdn.stop(0);
    }

    private void handleHub(HttpExchange exchange) throws IOException {
        record(exchange, "hub");
        String path = exchange.getRequestURI().getRawPath();
        Matcher tree = TREE.matcher(path);
        Matcher resolve = RESOLVE.matcher(path);
        if (tree.matches()) {
            if (checkAccess(exchange, tree.group(1), decode(tree.group(2)))) {
                serveTree(exchange, tree.group(1));
            }
        } else if (resolve.matches()) {
            String repo = resolve.group(1);
            String file = decode(resolve.group(3));
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(exchange, 503, "busy");
            } else if (checkAccess(exchange, repo, decode(resolve.group(2)))) {
                serveResolve(exchange, repo, file);
            }
        } else {
            send(exchange, 404, "no route");
        }
    }

    private void handleCdn(HttpExchange exchange) throws IOException {
        record(exchange, "cdn");
        Matcher m = CDN.matcher(exchange.getRequestURI().getRawPath());
        FakeFile file = !m.matches()
                ? null
                : repos.values().stream()
                        .flatMap(List::stream)
                        .filter(f -> f.lfs() && f.sha256().equals(m.group(1)))
                        .findFirst()
                        .orElse(null);
        if (file == null) {
            send(exchange, 404, "no such object");
        } else {
            serveContent(exchange, file);
        }
    }

    private boolean checkAccess(HttpExchange exchange, String repo, String revision) throws IOException {
        if (!repos.containsKey(repo)) {
            exchange.getResponseHeaders().set("X-Error-Code", "RepoNotFound");
            send(exchange, 404, "{\"error\":\"Repository not found\"}");
            return false;
        }
        String token = gatedTokens.get(repo);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (token != null && !("Bearer " + token).equals(auth)) {
            exchange.getResponseHeaders().set("X-Error-Code", "GatedRepo");
            send(exchange, auth == null ? 401 : 403, "{\"error\":\"gated\"}");
            return false;
        }
        if (!revision.equals("main")) {
            exchange.getResponseHeaders().set("X-Error-Code", "RevisionNotFound");
            send(exchange, 404, "{\"error\":\"Invalid rev id\"}");
            return false;
        }
        return true;
    }

    private void serveTree(HttpExchange exchange, String repo) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        Matcher cursor = Pattern.compile("cursor=(\\d+)").matcher(query == null ? "" : query);
        int from = cursor.find() ? Integer.parseInt(cursor.group(1)) : 0;
        List<String> entries = new ArrayList<>();
        for (FakeFile f : repos.get(repo)) {
            if (f.path().contains("/")) {
                String dir = f.path().substring(0, f.path().lastIndexOf('/'));
                String entry = "{\"type\":\"directory\",\"oid\":\"" + "0".repeat(40) + "\",\"size\":0,\"path\":\"" + dir
                        + "\"}";
                if (!entries.contains(entry)) {
                    entries.add(entry);
                }
            }
            String lfs = f.lfs()
                    ? ",\"lfs\":{\"oid\":\"" + f.sha256() + "\",\"size\":" + f.content().length
                            + ",\"pointerSize\":134}"
                    : "";
            entries.add("{\"type\":\"file\",\"oid\":\"" + f.gitOid() + "\",\"size\":" + f.content().length
                    + ",\"path\":\"" + f.path() + "\"" + lfs + "}");
        }
        int to = Math.min(entries.size(), from + pageSize);
        if (to < entries.size()) {
            String base = exchange.getRequestURI().getRawPath();
            exchange.getResponseHeaders()
                    .set("Link", "<" + endpoint() + base + "?recursive=true&cursor=" + to + ">; rel=\"next\"");
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, 200, "[" + String.join(",", entries.subList(from, to)) + "]");
    }

    private void serveResolve(HttpExchange exchange, String repo, String path) throws IOException {
        FakeFile file = repos.get(repo).stream()
                .filter(f -> f.path().equals(path))
                .findFirst()
                .orElse(null);
        if (file == null) {
            exchange.getResponseHeaders().set("X-Error-Code", "EntryNotFound");
            send(exchange, 404, "Entry not found");
        } else if (file.lfs()) {
            exchange.getResponseHeaders()
                    .set(
                            "Location",
                            "http://127.0.0.1:" + cdn.getAddress().getPort() + "/repos/" + file.sha256()
                                    + "?X-Amz-Signature=cafe&Expires=1");
            exchange.getResponseHeaders().set("X-Linked-Etag", "\"" + file.sha256() + "\"");
            exchange.getResponseHeaders().set("X-Linked-Size", Integer.toString(file.content().length));
            exchange.getResponseHeaders().set("ETag", "\"" + file.gitOid() + "\"");
            send(exchange, 302, "");
        } else {
            serveContent(exchange, file);
        }
    }

    private void serveContent(HttpExchange exchange, FakeFile file) throws IOException {
        byte[] body = overrides.getOrDefault(file.path(), file.content());
        if (corrupt.containsKey(file.path())) {
            Arrays.fill(body, body.length / 2, body.length, (byte) 0x5a);
        }
        String range = exchange.getRequestHeaders().getFirst("Range");
        Matcher m = RANGE.matcher(range == null || ignoreRange ? "" : range);
        int start = m.matches() ? Integer.parseInt(m.group(1)) : 0;
        exchange.getResponseHeaders().set("ETag", "\"" + (file.lfs() ? file.sha256() : file.gitOid()) + "\"");
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        if (start >= body.length && body.length > 0) {
            exchange.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
            send(exchange, 416, "");
            return;
        }
        if (m.matches()) {
            exchange.getResponseHeaders()
                    .set("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
        }
        int length = body.length - start;
        exchange.sendResponseHeaders(m.matches() ? 206 : 200, length == 0 ? -1 : length);
        OutputStream out = exchange.getResponseBody();
        Long drop = dropAfter.remove(file.path());
        Long stall = stallAfter.remove(file.path());
        Long cut = drop != null ? drop : stall;
        if (cut != null && cut > start) {
            out.write(body, start, (int) (cut - start));
            out.flush();
            if (stall != null) {
                awaitClose();
            }
            // HttpServer closes the connection when a handler fails; closing the stream early would not.
            throw new IOException("fake hub: dropping the connection after " + cut + " bytes");
        }
        out.write(body, start, length);
        out.close();
    }

    private void record(HttpExchange exchange, String server) {
        URI uri = exchange.getRequestURI();
        requests.add(new Request(
                server,
                uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                exchange.getRequestHeaders().getFirst("Range"),
                exchange.getRequestHeaders().getFirst("Authorization")));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Stalls a response until the hub shuts down (HttpServer.stop waits for running handlers). */
    private void awaitClose() {
        try {
            closing.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
