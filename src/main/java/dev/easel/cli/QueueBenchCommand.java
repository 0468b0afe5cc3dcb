package dev.easel.cli;

import dev.easel.Config;
import dev.easel.Easel;
import dev.easel.engine.DiffusionModel;
import dev.easel.engine.ModelDefaults;
import dev.easel.engine.OrtRuntime;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code easel bench queue --model DIR}: the distributed path against the embedded one. The same Images API
 * requests go to a server that makes its images itself ({@code role: all}) and to an API node ({@code role:
 * api}) whose images are made by one, then two, engine workers, each its own process ({@code role: worker}, this
 * Java and class path) on one Redis. Prints the latency of one request at a time on each path (what the queue
 * adds: two Redis hops, the task and the pictures as CBOR) and the images per second with several requests at
 * once for one and two workers (how the workers scale). Each worker, and the embedded server, gets
 * {@code --threads} intra-op threads, so that two workers fill a machine the way one server would.
 */
@Command(
        name = "queue",
        mixinStandardHelpOptions = true,
        description = "Time the engine queue: embedded vs one and two workers over Redis.")
final class QueueBenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions run;

    @Option(
            names = "--redis-url",
            description = "Redis to use (default: start redis-server from the PATH on a free port).")
    Optional<String> redisUrl;

    @Option(
            names = "--requests",
            defaultValue = "16",
            description = "Requests per throughput run (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(
            names = "--concurrency",
            defaultValue = "4",
            description = "Requests in flight at once in the throughput runs (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--runs",
            defaultValue = "8",
            description = "Requests one at a time for the latency figures, after as many to warm up (default:"
                    + " ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--no-provenance",
            description = "Neither watermark nor C2PA on any node: the engine and the queue alone (the marks' CPU"
                    + " time is per picture, where the pictures are made or written).")
    boolean noProvenance;

    @Option(
            names = "--threads",
            description = "Intra-op threads of each worker and of the embedded server (default: half the cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        Path dir = run.folder().toAbsolutePath().normalize();
        int t = threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        String body;
        try (DiffusionModel model = DiffusionModel.load(dir, OrtRuntime.create(OrtRuntime.Device.CPU))) {
            ModelDefaults d = model.info().defaults();
            body = String.format(
                    Locale.ROOT,
                    "{\"prompt\":\"a harbour at dawn\",\"size\":\"%dx%d\",\"steps\":%d,\"seed\":7}",
                    run.width(d),
                    run.height(d),
                    run.steps(d));
        }
        Path scratch = Files.createTempDirectory("easel-bench-queue");
        List<Process> started = new ArrayList<>();
        try {
            String redis = redisUrl.orElseGet(() -> startRedis(scratch, started));
            Map<String, String> base = Map.of(
                    "host",
                    "127.0.0.1",
                    "port",
                    "0",
                    "models_dir",
                    dir.getParent().toString(),
                    "default_model",
                    dir.getFileName().toString(),
                    "threads",
                    Integer.toString(t),
                    "engine.batch",
                    "off");
            HttpClient http = HttpClient.newHttpClient();
            System.out.printf(
                    Locale.ROOT,
                    "model %s, %s%s; %d intra-op threads per engine; %d requests, %d at once%n",
                    dir.getFileName(),
                    body,
                    noProvenance ? ", provenance off" : "",
                    t,
                    requests,
                    concurrency);
            double[] embedded;
            double embeddedRate;
            Config alone = Config.defaults()
                    .with(with(base, "data_dir", scratch.resolve("alone").toString()));
            try (Easel easel = Easel.start(alone)) {
                URI uri = generations(easel);
                embedded = latencies(http, uri, body);
                embeddedRate = imagesPerSecond(http, uri, body);
            }
            Map<String, String> api =
                    with(base, "data_dir", scratch.resolve("api").toString());
            api.put("role", "api");
            api.put("queue.redis_url", redis);
            try (Easel node = Easel.start(Config.defaults().with(api))) {
                URI uri = generations(node);
                Process first = startWorker(base, redis, scratch.resolve("worker-1"), started);
                double[] queued = latencies(http, uri, body);
                double one = imagesPerSecond(http, uri, body);
                Process second = startWorker(base, redis, scratch.resolve("worker-2"), started);
                imagesPerSecond(http, uri, body); // the second worker's warm-up
                double two = imagesPerSecond(http, uri, body);
                stop(second);
                stop(first);
                System.out.printf(
                        Locale.ROOT,
                        "one request at a time (median of %d): embedded %.1f ms, through the queue %.1f ms:"
                                + " +%.1f ms per request%n",
                        runs,
                        median(embedded),
                        median(queued),
                        median(queued) - median(embedded));
                System.out.printf(
                        Locale.ROOT,
                        "images/s: embedded %.2f, one worker %.2f, two workers %.2f (%.2fx one worker)%n",
                        embeddedRate,
                        one,
                        two,
                        two / one);
            }
            return 0;
        } finally {
            started.forEach(QueueBenchCommand::stop);
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> out = new HashMap<>(base);
        out.put(key, value);
        return out;
    }

    private static URI generations(Easel easel) {
        return URI.create("http://127.0.0.1:" + easel.port() + "/v1/images/generations");
    }

    /** Milliseconds of {@link #runs} requests one after another, after as many to warm up. */
    private double[] latencies(HttpClient http, URI uri, String body) throws Exception {
        double[] out = new double[runs];
        for (int i = 0; i < 2 * runs; i++) {
            long start = System.nanoTime();
            send(http, uri, body);
            if (i >= runs) {
                out[i - runs] = (System.nanoTime() - start) / 1e6;
            }
        }
        return out;
    }

    /** Images per second over {@link #requests} requests, {@link #concurrency} in flight. */
    private double imagesPerSecond(HttpClient http, URI uri, String body) throws Exception {
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                sent.add(pool.submit(() -> {
                    send(http, uri, body);
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
        return requests / ((System.nanoTime() - start) / 1e9);
    }

    private static void send(HttpClient http, URI uri, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String startRedis(Path scratch, List<Process> started) {
        int port = freePort();
        Path folder = scratch.resolve("redis");
        try {
            Files.createDirectories(folder);
            Process redis = new ProcessBuilder(
                            "redis-server",
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--dir",
                            folder.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("log").toFile())
                    .start();
            started.add(redis);
            awaitLog(redis, folder.resolve("log"), "Ready to accept connections");
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start redis-server (install Redis, or give --redis-url): " + e.getMessage());
        }
        return "redis://127.0.0.1:" + port;
    }

    /** An engine worker as its own process: this Java, this class path, {@code easel serve --role worker}. */
    private static Process startWorker(Map<String, String> base, String redis, Path folder, List<Process> started)
            throws IOException {
        Files.createDirectories(folder);
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "--sun-misc-unsafe-memory-access=allow",
                        "-Xss4m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "serve")
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("log").toFile());
        base.forEach((key, value) ->
                builder.environment().put("EASEL_" + key.replace('.', '_').toUpperCase(Locale.ROOT), value));
        builder.environment().put("EASEL_DATA_DIR", folder.resolve("data").toString());
        builder.environment().put("EASEL_ROLE", "worker");
        builder.environment().put("EASEL_QUEUE_REDIS_URL", redis);
        Process worker = builder.start();
        started.add(worker);
        awaitLog(worker, folder.resolve("log"), "engine worker on Redis");
        return worker;
    }

    private static void awaitLog(Process process, Path log, String text) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(log) || !Files.readString(log).contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("a helper process did not start:\n"
                        + (Files.exists(log) ? Files.readString(log) : "(no output)"));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
