package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.TestModels;
import dev.easel.engine.synth.SyntheticModel;
import dev.easel.store.PeerProcess;
import dev.easel.store.PostgresServer;
import dev.easel.store.RedisServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import tools.jackson.databind.JsonNode;

/**
 * The distributed path as it is deployed: two API nodes and two engine workers, each its own {@code easel serve}
 * process (this JVM's classpath), on one PostgreSQL and one Redis. Twenty streamed requests go to both API
 * nodes at once; one worker is killed (SIGKILL) while it runs a job, then one API node while it streams. Every
 * response ends, completed (a dead worker's jobs made again by the other) or failed with an explanation (the
 * dead API node's, ended by the one left); a client cut off with the API node reconnects to the other with
 * {@code starting_after} and gets exactly the missing events; no stream has an event twice or out of order,
 * and every stream is the stored log.
 */
class MultiNodeProcessTest {
    static final RedisServer redis = RedisServer.shared();
    static final String database = PostgresServer.shared().newDatabase();
    static final List<PeerProcess> nodes = new ArrayList<>();
    static Path root;
    static PeerProcess api1;
    static PeerProcess api2;
    static PeerProcess worker1;
    static PeerProcess worker2;

    @BeforeAll
    static void start() throws IOException {
        root = Files.createTempDirectory("easel-nodes");
        api1 = launch("api-1", "api");
        api2 = launch("api-2", "api");
        worker1 = launch("worker-1", "worker");
        worker2 = launch("worker-2", "worker");
        for (PeerProcess worker : List.of(worker1, worker2)) {
            worker.awaitLog("engine worker on Redis");
        }
        for (PeerProcess api : List.of(api1, api2)) {
            api.awaitLog("Easel (api) listening");
        }
    }

    @AfterAll
    static void stop() throws IOException {
        nodes.forEach(PeerProcess::close);
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    private static PeerProcess launch(String name, String role) throws IOException {
        Path home = Files.createDirectories(root.resolve(name));
        Path models = home.resolve("models");
        TestServer.copyTree(TestModels.folder(SyntheticModel.Shape.TINY), models.resolve("tiny"));
        int port = PeerProcess.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("EASEL_HOST", "127.0.0.1");
        env.put("EASEL_PORT", Integer.toString(port));
        env.put("EASEL_MODELS_DIR", models.toString());
        env.put("EASEL_DATA_DIR", home.resolve("data").toString());
        env.put("EASEL_DEVICE", "cpu");
        env.put("EASEL_THREADS", "1");
        env.put("EASEL_ROLE", role);
        env.put("EASEL_QUEUE_REDIS_URL", redis.url());
        env.put("EASEL_STORE_POSTGRES_URL", database);
        env.put("EASEL_STORE_POSTGRES_USER", PostgresServer.USER);
        env.put("EASEL_STORE_POSTGRES_POOL_SIZE", "8");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        PeerProcess node = PeerProcess.launch(
                name,
                List.of(
                        java,
                        "--sun-misc-unsafe-memory-access=allow",
                        "--enable-native-access=ALL-UNNAMED",
                        "-Xss4m",
                        "-Xmx512m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.easel.cli.Main",
                        "serve"),
                env,
                home,
                port);
        nodes.add(node);
        return node;
    }

    private static String request(int i) {
        return """
                {"model": "gpt-4.1", "input": "harbour number %d", "stream": true,
                 "tools": [{"type": "image_generation", "size": "%s", "quality": "high", "partial_images": 3,
                            "seed": %d}]}""".formatted(i, SIZE, 100 + i);
    }

    static final String SIZE = "512x512";

    @Test
    void everyResponseEndsAndEveryStreamIsItsLogWhenAWorkerAndAnApiNodeDie() throws Exception {
        List<Stream20> streams = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            streams.add(new Stream20(i % 2 == 0 ? api1 : api2, request(i)));
        }
        streams.forEach(Stream20::start);

        await(() -> streams.stream()
                        .filter(s -> s.has("response.image_generation_call.partial_image"))
                        .count()
                >= 2);
        worker1.kill();
        await(() -> streams.stream()
                        .filter(s -> s.node == api2 && s.has("response.completed"))
                        .count()
                >= 2);
        api2.kill();
        CompletableFuture.allOf(streams.stream().map(s -> s.done).toArray(CompletableFuture[]::new))
                .get(120, java.util.concurrent.TimeUnit.SECONDS);

        int completed = 0;
        int failed = 0;
        int reconnected = 0;
        for (Stream20 s : streams) {
            List<SseFrames.Frame> frames = new ArrayList<>(s.frames);
            if (s.cut) {
                assertThat(s.node)
                        .as("only the killed API node's streams are cut")
                        .isSameAs(api2);
                if (frames.isEmpty()) {
                    continue; // cut before the response was made: found below in the listing
                }
                int last = sequence(frames.getLast());
                frames.addAll(read(api1, "/v1/responses/" + s.id() + "?stream=true&starting_after=" + last).frames);
                reconnected++;
            }
            for (int i = 0; i < frames.size(); i++) {
                assertThat(sequence(frames.get(i)))
                        .as("stream %d: no event lost or repeated", s.index)
                        .isEqualTo(i);
            }
            assertThat(frames)
                    .as("stream %d is the stored log", s.index)
                    .isEqualTo(read(api1, "/v1/responses/" + s.id() + "?stream=true").frames);
            String end = frames.getLast().event();
            assertThat(end).isIn("response.completed", "response.failed");
            if (end.equals("response.completed")) {
                completed++;
            } else {
                failed++;
                assertThat(s.node)
                        .as("a response on the API node left completes")
                        .isSameAs(api2);
                assertThat(Wire.json(frames.getLast().data())
                                .at("/response/error/message")
                                .asString())
                        .contains("run it again");
            }
        }
        assertThat(completed).isGreaterThanOrEqualTo(12);
        assertThat(failed).as("the API node died while streaming").isPositive();
        assertThat(worker2.log())
                .as("the killed worker's job was taken over; worker 2's log:\n%s", worker2.log())
                .contains("took over job");
        assertThat(completed
                        + failed
                        + streams.stream()
                                .filter(s -> s.cut && s.frames.isEmpty())
                                .count())
                .isEqualTo(20);

        // Nothing stuck: every stored response ended, and the queue emptied.
        await(() -> {
            JsonNode list = Wire.json(get(api1, "/v1/responses?limit=100"));
            return list.path("data")
                    .valueStream()
                    .allMatch(r -> r.path("status").asString().matches("completed|failed"));
        });
        try (RedisClient client = RedisClient.create(URI.create(redis.url()))) {
            await(() -> client.xlen("easel:jobs:tiny") == 0);
        }
        System.out.printf(
                "multi-node: %d completed, %d failed with the API node, %d reconnected%n",
                completed, failed, reconnected);
    }

    private static int sequence(SseFrames.Frame frame) {
        return Wire.json(frame.data()).path("sequence_number").asInt();
    }

    private static String get(PeerProcess node, String path) {
        return Wire.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                        .GET()
                        .build())
                .body();
    }

    private static Stream20 read(PeerProcess node, String path) {
        Stream20 s = new Stream20(node, null);
        s.path = path;
        s.start();
        try {
            s.done.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(
                    "the stream " + path + " did not end within 60 s; it had " + s.frames.size() + " events, the last "
                            + (s.frames.isEmpty() ? "none" : s.frames.getLast().event()),
                    e);
        }
        assertThat(s.cut).as("read from %s", path).isFalse();
        return s;
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 90 s; logs:\n"
                        + nodes.stream().map(PeerProcess::log).reduce("", String::concat));
            }
            Thread.sleep(50);
        }
    }

    /** One streamed request, read event by event as it comes; {@code cut} when the connection broke first. */
    static final class Stream20 {
        final PeerProcess node;
        final String body;
        final int index;
        final List<SseFrames.Frame> frames = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        String path = "/v1/responses";
        volatile boolean cut;
        private static int count;

        Stream20(PeerProcess node, String body) {
            this.node = node;
            this.body = body;
            this.index = count++;
        }

        void start() {
            Thread.ofVirtual().start(this::run);
        }

        boolean has(String event) {
            return frames.stream().anyMatch(f -> f.event().equals(event));
        }

        String id() {
            return Wire.json(frames.getFirst().data()).at("/response/id").asString();
        }

        void run() {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path));
            request = body == null
                    ? request.GET()
                    : request.header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body));
            try {
                HttpResponse<java.io.InputStream> response =
                        Wire.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(response.statusCode()).isEqualTo(200);
                try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String event = null;
                    String data = null;
                    // As an SSE client does, an event counts once its blank line arrives: a node killed while
                    // writing one leaves a cut line, which readLine returns at the end of the stream.
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("event: ")) {
                            event = line.substring(7);
                        } else if (line.startsWith("data: ")) {
                            data = line.substring(6);
                        } else if (line.isEmpty() && data != null) {
                            frames.add(new SseFrames.Frame(event, data));
                            event = null;
                            data = null;
                        }
                    }
                }
                String last = frames.isEmpty() ? "" : frames.getLast().event();
                cut = !(last.equals("response.completed") || last.equals("response.failed"));
            } catch (IOException e) {
                cut = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cut = true;
            } finally {
                done.complete(null);
            }
        }
    }
}
