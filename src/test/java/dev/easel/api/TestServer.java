package dev.easel.api;

import dev.easel.Config;
import dev.easel.Easel;
import dev.easel.cli.ConfigSources;
import dev.easel.engine.TestModels;
import dev.easel.engine.synth.MattingGraphs;
import dev.easel.engine.synth.SyntheticModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Easel server for one test class: register it as a static {@code @RegisterExtension}
 * field. It listens on a free port of 127.0.0.1, serves only the {@code tiny} synthetic model
 * (or {@code demo}; so every OpenAI model name resolves to it) from a temporary models folder, keeps its data in a
 * temporary folder, and is stopped and deleted after the class.
 */
final class TestServer implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> settings;
    private final Map<String, String> env;
    private final SyntheticModel.Shape shape;
    private final Clock clock;
    private final RandomGenerator random;
    private Path root;
    private Config config;
    private Easel easel;
    private ModelSetup modelSetup = folder -> {};
    private boolean matting;

    /** A change to the model folder before the server starts (an extra stage, say). */
    interface ModelSetup {
        void apply(Path modelFolder) throws IOException;
    }

    /**
     * This server with the synthetic matting model ({@code MattingGraphs}: BiRefNet's names, 64², a
     * known mask) in {@code <models>/matting}, where {@code easel pull --matting} puts one.
     */
    TestServer withMattingModel() {
        this.matting = true;
        return this;
    }

    /** This server with its model folder changed by {@code setup} before it starts. */
    TestServer withModelFolder(ModelSetup setup) {
        this.modelSetup = setup;
        return this;
    }

    private TestServer(Map<String, String> settings, Map<String, String> env, SyntheticModel.Shape shape) {
        this(settings, env, shape, Clock.systemUTC(), new SecureRandom());
    }

    private TestServer(
            Map<String, String> settings,
            Map<String, String> env,
            SyntheticModel.Shape shape,
            Clock clock,
            RandomGenerator random) {
        this.settings = settings;
        this.env = env;
        this.shape = shape;
        this.clock = clock;
        this.random = random;
    }

    static TestServer withDefaults() {
        return new TestServer(Map.of(), Map.of(), SyntheticModel.Shape.TINY);
    }

    /** A server with this synthetic model instead of {@code tiny} ({@code sdxl-tiny}, {@code sd-turbo-tiny}, ...). */
    static TestServer withModel(SyntheticModel.Shape shape) {
        return new TestServer(Map.of(), Map.of(), shape);
    }

    /** A server with this synthetic model and some settings changed ({@link #with}). */
    static TestServer withModel(SyntheticModel.Shape shape, Map<String, String> overrides) {
        return new TestServer(Map.copyOf(overrides), Map.of(), shape);
    }

    /**
     * A server with the {@code demo} synthetic model instead of {@code tiny}: slower, but its VAE
     * round-trips pictures, so an edit visibly stays close to its source.
     */
    static TestServer withDemoModel() {
        return new TestServer(Map.of(), Map.of(), SyntheticModel.Shape.DEMO);
    }

    /** The {@code demo} model's server ({@link #withDemoModel()}) with some settings changed. */
    static TestServer withDemoModel(Map<String, String> overrides) {
        return new TestServer(Map.copyOf(overrides), Map.of(), SyntheticModel.Shape.DEMO);
    }

    /** A server with some settings changed, in {@code easel.yaml}'s names ({@code queue_size}, {@code planner.url}, ...). */
    static TestServer with(Map<String, String> overrides) {
        return new TestServer(Map.copyOf(overrides), Map.of(), SyntheticModel.Shape.TINY);
    }

    /**
     * A server whose planner is {@code planner} (model {@code test-model}), with these other
     * environment variables ({@code EASEL_PLANNER_API_KEY}, {@code EASEL_SEARCH_PROVIDER}, ...).
     */
    static TestServer withPlanner(dev.easel.tools.planner.ScriptedChatServer planner, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("EASEL_PLANNER_URL", planner.baseUrl().toString());
        all.put("EASEL_PLANNER_MODEL", "test-model");
        return withEnv(all);
    }

    /** A server whose configuration also reads these environment variables ({@code EASEL_PLANNER_URL}, ...). */
    static TestServer withEnv(Map<String, String> env) {
        return new TestServer(Map.of(), Map.copyOf(env), SyntheticModel.Shape.TINY);
    }

    /**
     * The same server, started with this clock (every {@code created_at} a client sees) and this
     * random source (object ids), e.g. {@code Clock.fixed(…)} and {@code new Random(seed)}. The
     * source is shared by the restarts of this server.
     */
    TestServer withClockAndRandom(Clock fixedClock, RandomGenerator seeded) {
        return new TestServer(settings, env, shape, fixedClock, seeded);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        root = Files.createTempDirectory("easel-itest");
        Path models = Files.createDirectories(root.resolve("models"));
        Path model = models.resolve(shape.name().toLowerCase(java.util.Locale.ROOT));
        copyTree(TestModels.folder(shape), model);
        modelSetup.apply(model);
        if (matting) {
            MattingGraphs.write(models.resolve(Config.MATTING_FOLDER), MattingGraphs.Export.BIREFNET, 64);
        }
        Map<String, String> values = new HashMap<>();
        values.put("host", "127.0.0.1");
        values.put("port", "0");
        values.put("models_dir", models.toString());
        values.put("data_dir", root.resolve("data").toString());
        values.put("default_model_repo", "");
        values.put("device", "cpu");
        // Batching decided by a measurement would make which requests share UNet calls depend on
        // this machine's timing; the tests of batching turn it on.
        values.put("engine.batch", "off");
        values.putAll(settings);
        config = new ConfigSources(Optional.empty(), env, values).load(warning -> {});
        easel = Easel.start(config, clock, random);
    }

    /**
     * Stops the server as {@code easel serve} stops ({@link Easel#close()}) and starts a new one on
     * the same data folder, as after a restart. The port changes; {@link #baseUrl()} follows it.
     */
    void restart() throws IOException, InterruptedException {
        Easel old = easel;
        easel = null;
        old.close();
        easel = Easel.start(config, clock, random);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (easel != null) {
                easel.close();
            }
        } finally {
            deleteTree(root);
        }
    }

    int port() {
        if (easel == null) {
            throw new IllegalStateException(
                    "the test server is not running; register it with @RegisterExtension on a static field");
        }
        return easel.port();
    }

    /** The server's data folder (its database and blobs), to check what it stored. */
    Path dataDir() {
        return root.resolve("data");
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    /** Copies the folder {@code from} (a model, say) to {@code to}. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    // deleteIfExists: SQLite drops its -wal and -shm files itself as its last connection closes
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
