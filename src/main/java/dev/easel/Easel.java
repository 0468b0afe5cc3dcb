package dev.easel;

import dev.easel.api.ApiServer;
import dev.easel.api.WorkerEndpoints;
import dev.easel.auth.ApiKeys;
import dev.easel.auth.Exposure;
import dev.easel.auth.OpenStreams;
import dev.easel.auth.RateBuckets;
import dev.easel.engine.EngineCaches;
import dev.easel.engine.ImageClassifier;
import dev.easel.engine.LatentStore;
import dev.easel.engine.Matting;
import dev.easel.engine.OrtRuntime;
import dev.easel.engine.TextClassifier;
import dev.easel.engine.pull.PullListener;
import dev.easel.images.BlobLatentStore;
import dev.easel.images.CacheMetrics;
import dev.easel.images.FileLatentStore;
import dev.easel.images.ImageService;
import dev.easel.images.InputImageFetcher;
import dev.easel.images.ModelRegistry;
import dev.easel.queue.RedisEngine;
import dev.easel.queue.RedisNode;
import dev.easel.queue.RedisWorker;
import dev.easel.responses.Membership;
import dev.easel.responses.Planners;
import dev.easel.responses.ResponsesService;
import dev.easel.safety.UrlGuard;
import dev.easel.safety.moderation.Moderator;
import dev.easel.safety.moderation.PromptPolicy;
import dev.easel.store.BlobStore;
import dev.easel.store.FileBlobStore;
import dev.easel.store.S3BlobStore;
import dev.easel.store.Storage;
import dev.easel.tools.McpConnections;
import dev.easel.tools.planner.SecretRedactor;
import dev.easel.tools.search.HttpSearchProvider;
import dev.easel.tools.search.SearchProvider;
import dev.easel.tools.web.PageLimits;
import dev.easel.tools.web.PageReader;
import dev.easel.wire.Ids;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The running server, wired by hand in one place: ONNX Runtime, the models, the engine queue,
 * storage (SQLite and blobs in the data folder), the Responses service with its planner and URL
 * guard, metrics and the HTTP edge. {@link #close()} stops them in reverse order.
 */
public final class Easel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Easel.class);

    /** The port it serves on: the API's, or a worker's health endpoint; empty for a worker without one. */
    private final Optional<IntSupplier> server;
    /** Everything this instance opened, the last opened first: closed in that order. */
    private final Deque<AutoCloseable> owned;

    private Easel(Optional<IntSupplier> server, Deque<AutoCloseable> owned) {
        this.server = server;
        this.owned = owned;
    }

    /** Starts everything; the server listens when this returns. */
    public static Easel start(Config config) throws IOException, InterruptedException {
        return start(config, Clock.systemUTC(), new SecureRandom());
    }

    /**
     * Starts everything with the given clock (every {@code created_at} and {@code created}) and
     * random source (object ids, request ids, image seeds a request leaves open), so tests can fix
     * both.
     */
    public static Easel start(Config config, Clock clock, RandomGenerator random)
            throws IOException, InterruptedException {
        Deque<AutoCloseable> owned = new ArrayDeque<>();
        try {
            Optional<IntSupplier> server = start(config, clock, random, owned);
            return new Easel(server, owned);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // A start that fails half-way (a busy port, a broken model) leaves nothing open.
            closeAll(owned).ifPresent(e::addSuppressed);
            throw e;
        }
    }

    /** The port served: the API server's, or an engine worker's health endpoint (none without one). */
    private static Optional<IntSupplier> start(
            Config config, Clock clock, RandomGenerator random, Deque<AutoCloseable> owned)
            throws IOException, InterruptedException {
        String node = "node_" + java.util.UUID.randomUUID().toString().replace("-", "");
        OrtRuntime runtime = (config.threads() > 0
                        ? OrtRuntime.create(config.device(), config.threads())
                        : OrtRuntime.create(config.device()))
                .withTuning(config.engine());
        Optional<String> notice = DefaultModel.ensureModels(config, PullListener.NONE);
        DataFolder.secure(config.dataDir());
        Blobs stored = blobs(config, clock, random, owned);
        BlobStore blobs = stored.uploads();
        BlobStore urlImages = stored.urlImages();
        EngineCaches caches =
                new EngineCaches(config.embeddingCacheBytes(), config.latentCacheBytes(), stored.latents());
        ModelRegistry models =
                new ModelRegistry(config.modelsDir(), config.defaultModel(), config.modelAliases(), runtime, caches);
        owned.push(models);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CacheMetrics.register(caches, meters);
        Moderator moderator = new Moderator(
                config.moderation().policyFile().map(PromptPolicy::read).orElseGet(PromptPolicy::builtIn),
                config.moderation().enabled(),
                config.moderation().logPrompts(),
                meters);
        // An API node makes no picture (its workers check and matte theirs), so it opens no model that would.
        boolean makesImages = config.cluster().role() != ClusterSettings.Role.API;
        Optional<ImageClassifier> classifier = config.moderation()
                .imageClassifier()
                .filter(dir -> makesImages)
                .map(dir -> ImageClassifier.open(
                        runtime, dir, java.util.Set.copyOf(config.moderation().imageClassifierLabels()), 0.5));
        classifier.ifPresent(owned::push);
        Optional<TextClassifier> textClassifier = config.moderation()
                .textClassifier()
                .map(dir -> TextClassifier.open(
                        runtime, dir, java.util.Set.copyOf(config.moderation().textClassifierLabels()), 0.5));
        textClassifier.ifPresent(owned::push);
        Optional<Matting> matting = makesImages ? matting(config, runtime) : Optional.empty();
        matting.ifPresent(owned::push);
        Optional<RedisNode> redis = config.cluster().role() == ClusterSettings.Role.ALL
                ? Optional.empty() // all in one process: nothing to share
                : config.cluster().redisUrl().map(url -> RedisNode.connect(url.value(), node));
        redis.ifPresent(owned::push); // closed after the engine queue and the limits that use it
        Optional<RedisEngine> queue = config.cluster().role() == ClusterSettings.Role.API
                ? redis.map(r -> r.engine(random, meters))
                : Optional.empty();
        ImageService images = new ImageService(
                models,
                config.queueSize(),
                config.workers(),
                meters,
                new ImageService.Checks(moderator, textClassifier, classifier),
                new ImageService.Output(
                        OutputFiles.imageFiles(config, clock, random),
                        OutputFiles.mark(config, clock, caches),
                        matting),
                queue.map(dev.easel.images.RemoteEngine.class::cast));
        owned.push(images);
        if (config.cluster().role() == ClusterSettings.Role.WORKER) {
            RedisWorker worker = redis.orElseThrow()
                    .worker(
                            images,
                            nodeName(config),
                            config.workers(),
                            config.cluster().workerGrace());
            owned.push(worker);
            if (config.cluster().workerPort() > 0) {
                WorkerEndpoints endpoints = new WorkerEndpoints(
                                config.host(), config.cluster().workerPort(), meters, worker::running, config.workers())
                        .start();
                owned.push(endpoints);
                log.info("engine worker: /health and /metrics on http://{}:{}", config.host(), endpoints.port());
                return Optional.of(endpoints::port);
            }
            return Optional.empty();
        }
        Storage storage = config.store().open(config.dataDir());
        owned.push(storage);
        redis.ifPresent(r -> storage.events().signal(r.logSignals()));
        config.store().postgresUrl().ifPresent(url -> log.info("store: PostgreSQL at {}", Storage.describe(url)));
        Planners planners = new Planners(
                config.planner().settings(),
                HttpClient.newHttpClient(),
                config.planner().models(),
                new SecretRedactor(secrets(config)));
        UrlGuard guard = new UrlGuard(config.url().allow(), dev.easel.safety.Resolver.SYSTEM);
        InputImageFetcher fetcher = new InputImageFetcher(guard, storage.files(), blobs);
        Ids ids = new Ids(random);
        ResponsesService responses = new ResponsesService(new ResponsesService.Parts(
                storage.responses(),
                storage.items(),
                storage.events(),
                images,
                caches,
                planners,
                fetcher,
                new McpConnections(guard, config.mcp().timeouts()),
                config.search()
                        .settings()
                        .<SearchProvider>map(s -> new HttpSearchProvider(
                                s,
                                HttpClient.newBuilder()
                                        .connectTimeout(s.timeout())
                                        .followRedirects(HttpClient.Redirect.NEVER)
                                        .build())),
                Optional.of(new PageReader(guard, PageLimits.defaults(), clock)),
                config.maxImagePixels(),
                clock,
                ids,
                new Membership(
                        storage.nodes(),
                        node,
                        nodeName(config),
                        config.cluster().role().wire(),
                        Clock.systemUTC(),
                        storage.shared())));
        owned.push(responses);
        responses.join();
        ApiKeys keys = apiKeys(config, storage);
        boolean anyKeys = keys.any();
        Exposure.check(config.host(), anyKeys, config.auth().insecureNoAuth());
        if (!anyKeys && !Exposure.loopback(config.host())) {
            log.warn(
                    "*** --insecure-no-auth: serving {} without API keys; anyone who can reach it can use and read"
                            + " everything ***",
                    config.host());
        }
        ApiServer server = new ApiServer(
                        new ApiServer.Settings(
                                config.host(),
                                config.port(),
                                config.maxBodyBytes(),
                                config.maxImagePixels(),
                                config.streamBufferBytes(),
                                notice,
                                Optional.of(keys),
                                config.url().publicUrl(),
                                DataFolder.secret(config.dataDir().resolve("url-signing.key"), random),
                                new ApiServer.KeyLimits(
                                        config.auth().requestsPerMinute(),
                                        config.auth().imagesPerMinute(),
                                        config.auth().concurrentStreams(),
                                        config.auth().storedBytes(),
                                        redis.map(RedisNode::rateBuckets)
                                                .orElseGet(() -> RateBuckets.local(System::nanoTime)),
                                        redis.map(RedisNode::openStreams).orElseGet(OpenStreams::local)),
                                config.cors().allowedOrigins()),
                        new ApiServer.Services(
                                images,
                                responses,
                                storage.responses(),
                                planners.textModels(),
                                storage.files(),
                                blobs,
                                urlImages,
                                fetcher,
                                meters,
                                clock,
                                ids))
                .start();
        owned.push(server);
        log.info(
                "Easel ({}) listening on http://{}:{} (models: {}; default: {}; planner: {})",
                config.cluster().role().wire(),
                config.host(),
                server.port(),
                models.localModels(),
                models.defaultModel(),
                planners.textModels());
        return Optional.of(server::port);
    }

    /** Where bytes live: uploads, images returned as URLs, generated images' latents. */
    private record Blobs(BlobStore uploads, BlobStore urlImages, LatentStore latents) {}

    /**
     * The data folder's, or an S3-compatible bucket's (checked now: a bucket that does not answer stops the start)
     * under {@code blobs/}, {@code images/} and {@code latents/} of its prefix, so that every node finds them.
     */
    private static Blobs blobs(Config config, Clock clock, RandomGenerator random, Deque<AutoCloseable> owned)
            throws IOException {
        BlobSettings b = config.blobs();
        if (b.s3Bucket().isEmpty()) {
            return new Blobs(
                    new FileBlobStore(config.dataDir().resolve("blobs"), "blob", random),
                    new FileBlobStore(config.dataDir().resolve("images"), "img", random),
                    new FileLatentStore(config.dataDir().resolve("latents"), FileLatentStore.DEFAULT_MAX_BYTES));
        }
        S3Client s3 = S3BlobStore.client(
                b.s3Endpoint(),
                b.s3Region(),
                b.s3PathStyle(),
                b.s3AccessKeyId().isPresent()
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
                                b.s3AccessKeyId().get().value(),
                                b.s3SecretAccessKey().orElseThrow().value()))
                        : DefaultCredentialsProvider.builder().build());
        owned.push(s3);
        String bucket = b.s3Bucket().get();
        S3BlobStore.check(s3, bucket);
        log.info(
                "blobs: bucket {} under {} ({})",
                bucket,
                b.s3Prefix().isEmpty() ? "its root" : b.s3Prefix(),
                b.s3Endpoint().map(URI::toString).orElse("AWS S3, " + b.s3Region()));
        return new Blobs(
                new S3BlobStore(s3, bucket, b.s3Prefix() + "blobs/", "blob", random),
                new S3BlobStore(s3, bucket, b.s3Prefix() + "images/", "img", random),
                new BlobLatentStore(
                        new S3BlobStore(s3, bucket, b.s3Prefix() + "latents/", "lat", random),
                        BlobLatentStore.DEFAULT_MAX_AGE,
                        clock));
    }

    /**
     * The matting model behind transparent backgrounds: {@code matting_model}, else the models
     * folder's {@code matting/}; none is fine (transparent is then a 400 naming the pull command),
     * a broken one stops the start.
     */
    private static Optional<Matting> matting(Config config, OrtRuntime runtime) {
        Optional<Matting> matting = config.matting().map(path -> Matting.open(runtime, path));
        matting.ifPresentOrElse(
                m -> log.info("transparent backgrounds: {}", m.description()),
                () -> log.info(
                        "no matting model ({} or matting_model): background 'transparent' is refused until `{}`"
                                + " adds one",
                        config.modelsDir().resolve(Config.MATTING_FOLDER),
                        dev.easel.images.Background.PULL_COMMAND));
        return matting;
    }

    /** The secrets the server holds, which nothing a model writes may repeat. */
    /** What stays the same across this node's restarts: its host and its data folder. */
    private static String nodeName(Config config) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + ":" + config.dataDir().toAbsolutePath().normalize();
    }

    private static List<String> secrets(Config config) {
        List<String> out = new ArrayList<>();
        config.planner().apiKey().ifPresent(k -> out.add(k.value()));
        config.search().apiKey().ifPresent(k -> out.add(k.value()));
        config.hub().token().ifPresent(k -> out.add(k.value()));
        config.store().postgresPassword().ifPresent(k -> out.add(k.value()));
        config.blobs().s3SecretAccessKey().ifPresent(k -> out.add(k.value()));
        config.cluster().redisUrl().ifPresent(k -> {
            out.add(k.value());
            String user = URI.create(k.value()).getUserInfo(); // [user]:password
            if (user != null && user.contains(":") && user.indexOf(':') < user.length() - 1) {
                out.add(user.substring(user.indexOf(':') + 1));
            }
        });
        config.auth().apiKeys().ifPresent(k -> {
            for (String entry : k.value().split(",")) {
                out.add(entry.strip().replaceFirst("^(?i)(admin|user):", ""));
            }
        });
        return out;
    }

    /** The keys of configuration (hashed as they are read) and of the store. */
    private static ApiKeys apiKeys(Config config, Storage storage) throws IOException {
        List<ApiKeys.Source> sources = new ArrayList<>();
        config.auth()
                .apiKeys()
                .ifPresent(k -> sources.add(new ApiKeys.Source(k.value(), "in auth.api_keys (EASEL_API_KEYS)", false)));
        if (config.auth().keysFile().isPresent()) {
            Path file = config.auth().keysFile().get();
            sources.add(new ApiKeys.Source(Files.readString(file), "in " + file, true));
        }
        return ApiKeys.of(sources, storage.apiKeys());
    }

    /** The API's port; for an engine worker, its health endpoint's, or -1 without one. */
    public int port() {
        return server.map(IntSupplier::getAsInt).orElse(-1);
    }

    /** Stops the server, then the Responses runs, the engine queue, the models and the storage. */
    @Override
    public void close() {
        closeAll(owned).ifPresent(e -> log.warn("closing Easel failed", e));
    }

    /** Closes each, the last opened first, going on past failures; the first failure, if any. */
    private static Optional<Exception> closeAll(Deque<AutoCloseable> owned) {
        Exception first = null;
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return Optional.ofNullable(first);
    }
}
