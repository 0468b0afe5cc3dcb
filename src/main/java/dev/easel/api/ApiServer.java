package dev.easel.api;

import dev.easel.auth.CorsOrigins;
import dev.easel.images.ImageFetcher;
import dev.easel.images.ImageService;
import dev.easel.responses.ResponsesService;
import dev.easel.store.BlobStore;
import dev.easel.store.FileRepository;
import dev.easel.store.ResponseRepository;
import dev.easel.store.UnknownCursorException;
import dev.easel.wire.ApiException;
import dev.easel.wire.Ids;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge: Javalin on virtual threads, OpenAI's routes, one place that renders every error
 * as OpenAI's error object, and request ids. Owns the Javalin instance.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** How often images whose URLs have expired are deleted. */
    private static final java.time.Duration SWEEP_EVERY = java.time.Duration.ofMinutes(10);

    private final Javalin app;
    private final McpEndpoint mcp;
    private final java.util.concurrent.ScheduledExecutorService sweeper;

    /**
     * The server's limits.
     *
     * @param streamBufferBytes the characters of events one stream holds for a client that reads
     *     slower than they come; past them the stream is cancelled (a background run is detached)
     * @param apiKeys the keys requests must bring once there is any (in configuration or the store,
     *     checked every few seconds); empty: never any (everyone is
     *     {@link dev.easel.auth.Caller#OPEN})
     * @param publicUrl the base of the URLs the server returns; empty: its own address (the
     *     listening host, loopback for a wildcard, and port), never a request's Host header
     * @param keyLimits per-key requests and images per minute and open streams (0: off)
     * @param corsOrigins the web origins whose pages may call the API from a browser ({@link Cors})
     * @param urlSecret signs returned image URLs (at least 32 bytes; kept in the data folder so
     *     URLs outlive a restart)
     */
    public record Settings(
            String host,
            int port,
            long maxBodyBytes,
            long maxImagePixels,
            long streamBufferBytes,
            Optional<String> modelNotice,
            Optional<dev.easel.auth.ApiKeys> apiKeys,
            Optional<java.net.URI> publicUrl,
            byte[] urlSecret,
            KeyLimits keyLimits,
            CorsOrigins corsOrigins) {
        Limits limits() {
            return new Limits(maxBodyBytes, maxImagePixels);
        }
    }

    /**
     * Per-key limits: requests and images a minute, streams open at once, bytes stored; 0 turns one off.
     * {@code buckets} count the per-minute ones and {@code streams} the open streams: in this process, or shared
     * by every node.
     */
    public record KeyLimits(
            int requestsPerMinute,
            int imagesPerMinute,
            int concurrentStreams,
            long storedBytes,
            dev.easel.auth.RateBuckets buckets,
            dev.easel.auth.OpenStreams streams) {
        /** Counted in this process. */
        public KeyLimits(int requestsPerMinute, int imagesPerMinute, int concurrentStreams, long storedBytes) {
            this(
                    requestsPerMinute,
                    imagesPerMinute,
                    concurrentStreams,
                    storedBytes,
                    dev.easel.auth.RateBuckets.local(System::nanoTime),
                    dev.easel.auth.OpenStreams.local());
        }
    }

    /** What one request may bring: body bytes (multipart included) and decoded pixels per input image. */
    record Limits(long maxBodyBytes, long maxImagePixels) {}

    /**
     * The services behind the routes.
     *
     * @param clock every timestamp a client sees ({@code created}, {@code created_at})
     * @param ids every id a client sees (files, request ids) and the images' random seeds
     * @param blobs uploaded files' bytes
     * @param urlImages the images returned as URLs, kept while their URLs are valid
     */
    public record Services(
            ImageService images,
            ResponsesService responses,
            ResponseRepository storedResponses,
            List<String> textModels,
            FileRepository files,
            BlobStore blobs,
            BlobStore urlImages,
            ImageFetcher fetcher,
            PrometheusMeterRegistry meters,
            Clock clock,
            Ids ids) {}

    public ApiServer(Settings settings, Services services) {
        ImageService images = services.images();
        PrometheusMeterRegistry meters = services.meters();
        Ids ids = services.ids();
        RateLimits rates = new RateLimits(settings.keyLimits());
        ImageUrls urls = new ImageUrls(settings.urlSecret(), services.clock(), () -> baseUrl(settings));
        ImagesRoutes imageRoutes =
                new ImagesRoutes(services, settings.limits(), urls, settings.streamBufferBytes(), rates);
        ModelsRoutes modelRoutes = new ModelsRoutes(
                images.models(),
                services.textModels(),
                services.clock().instant().getEpochSecond(),
                settings.modelNotice());
        StorageQuota quota =
                new StorageQuota(settings.keyLimits().storedBytes(), services.storedResponses(), services.files());
        ResponsesRoutes responseRoutes =
                new ResponsesRoutes(services.responses(), settings.streamBufferBytes(), rates, quota);
        FilesRoutes fileRoutes = new FilesRoutes(services, settings.maxBodyBytes(), quota);
        Auth auth = new Auth(settings.apiKeys());
        this.sweeper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("easel-url-images-sweeper").factory());
        sweeper.scheduleWithFixedDelay(
                () -> sweep(services), 0, SWEEP_EVERY.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        Cors cors = new Cors(settings.corsOrigins());
        this.mcp = new McpEndpoint(settings, services, version(), auth, urls, rates);
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = settings.maxBodyBytes();
            // maxRequestSize guards bodies read whole; multipart bodies are held to the same limit
            // as they are parsed (MultipartForm), which also catches chunked uploads.
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.startup.showJavalinBanner = false;
            config.jetty.modifyServletContextHandler(context -> {
                mcp.install(context);
                context.setErrorHandler(new ProtocolErrorHandler());
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(new ProtocolErrorHandler()));
            config.routes.before(ctx -> {
                ctx.header("x-request-id", ids.request());
                ctx.attribute("easel.start", System.nanoTime());
                // CORS headers first, so that every refusal below is readable by a listed origin's page.
                cors.headers(ctx);
                Origins.check(ctx, settings.corsOrigins());
                if (!auth.required() && dev.easel.auth.Exposure.loopback(settings.host())) {
                    Origins.checkHost(ctx, settings.publicUrl());
                }
                // Before auth: browsers send no Authorization with a preflight.
                if (cors.preflight(ctx)) {
                    ctx.skipRemainingHandlers();
                    return;
                }
                auth.before(ctx);
                rates.request(ctx);
                if (ctx.req().getContentLengthLong() > settings.maxBodyBytes()) {
                    Requests.discard(ctx.req());
                    throw bodyTooLarge(settings);
                }
            });
            config.routes.after(ctx -> {
                Long start = ctx.attribute("easel.start");
                if (start != null && !ctx.res().isCommitted()) {
                    ctx.header("openai-processing-ms", Long.toString((System.nanoTime() - start) / 1_000_000));
                }
            });
            config.routes.get("/v1/models", modelRoutes::list);
            config.routes.get("/v1/models/{id}", modelRoutes::retrieve);
            config.routes.post("/v1/images/generations", imageRoutes::generations);
            config.routes.post("/v1/images/edits", imageRoutes::edits);
            config.routes.post("/v1/responses", responseRoutes::create);
            config.routes.get("/v1/responses", responseRoutes::list);
            config.routes.get("/v1/responses/{id}", responseRoutes::retrieve);
            config.routes.delete("/v1/responses/{id}", responseRoutes::delete);
            config.routes.post("/v1/responses/{id}/cancel", responseRoutes::cancel);
            config.routes.get("/v1/responses/{id}/input_items", responseRoutes::inputItems);
            config.routes.get("/v1/responses/{id}/tree", responseRoutes::tree);
            config.routes.post(
                    "/v1/easel/charts",
                    new ChartsRoutes(services.clock(), services.images().files())::create);
            config.routes.post(
                    "/v1/easel/verify", new VerifyRoutes(services, settings.limits(), services.clock())::verify);
            config.routes.post("/v1/files", fileRoutes::upload);
            config.routes.get("/v1/files", fileRoutes::list);
            config.routes.get("/v1/files/{id}", fileRoutes::retrieve);
            config.routes.delete("/v1/files/{id}", fileRoutes::delete);
            config.routes.get(
                    "/metrics",
                    ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                            .result(meters.scrape()));
            PlaygroundRoutes playground = new PlaygroundRoutes();
            // The files a HEAD is asked for (health checks, caches, download managers) answer it as their GET
            // does, headers and length without the body (Jetty drops it); Javalin's own HEAD is an empty 200.
            java.util.Map<String, io.javalin.http.Handler> files = new java.util.LinkedHashMap<>();
            files.put("/health", ctx -> ctx.result("ok"));
            files.put("/", playground::index);
            files.put("/playground/{name}", playground::asset);
            files.put("/v1/images/files/{name}", imageRoutes::file);
            files.put("/v1/files/{id}/content", fileRoutes::content);
            files.forEach((path, handler) -> {
                config.routes.get(path, handler);
                config.routes.head(path, handler);
            });
            config.routes.exception(ApiException.class, (e, ctx) -> ErrorRenderer.render(ctx, e));
            config.routes.exception(
                    UnknownCursorException.class,
                    (e, ctx) -> ErrorRenderer.render(
                            ctx,
                            ApiException.invalid(
                                    e.cursor(),
                                    "Invalid '" + e.cursor() + "': '" + e.id()
                                            + "' is not an entry of this listing.")));
            config.routes.exception(Exception.class, (e, ctx) -> {
                Optional<ApiException> unreadable = Requests.unreadableBody(e);
                if (unreadable.isPresent()) {
                    ErrorRenderer.render(ctx, unreadable.get());
                    return;
                }
                log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                ErrorRenderer.render(
                        ctx, ApiException.server("The server had an error while processing your request."));
            });
            config.routes.error(HttpStatus.NOT_FOUND, ctx -> {
                if (!isOpenAiError(ctx)) {
                    ErrorRenderer.render(
                            ctx, ApiException.notFound("Invalid URL (" + ctx.method() + " " + ctx.path() + ")"));
                }
            });
            config.routes.error(
                    HttpStatus.METHOD_NOT_ALLOWED,
                    ctx -> ErrorRenderer.render(
                            ctx,
                            ApiException.methodNotAllowed(
                                    "Method " + ctx.method() + " is not allowed on " + ctx.path() + ".")));
            config.routes.error(HttpStatus.CONTENT_TOO_LARGE, ctx -> ErrorRenderer.render(ctx, bodyTooLarge(settings)));
        });
    }

    /** Deletes the images returned as URLs whose URLs have all expired (a minute's grace for clock steps). */
    private static void sweep(Services services) {
        try {
            int deleted = services.urlImages()
                    .deleteOlderThan(
                            services.clock().instant().minus(ImageUrls.LIFETIME).minusSeconds(60));
            if (deleted > 0) {
                log.debug("deleted {} images whose URLs expired", deleted);
            }
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("could not delete expired URL images: {}", e.toString());
        }
    }

    private static ApiException bodyTooLarge(Settings settings) {
        return ApiException.tooLarge(null, bodyTooLargeMessage(settings.maxBodyBytes()));
    }

    /** The one wording of the 413, naming the limit, wherever the body is found too large. */
    static String bodyTooLargeMessage(long maxBodyBytes) {
        return "The request body is larger than this server accepts (" + maxBodyBytes + " bytes).";
    }

    private static boolean isOpenAiError(Context ctx) {
        return "application/json".equals(ctx.res().getContentType()) && ctx.result() != null;
    }

    /** Where clients reach this server: the configured public URL, else the listening address. */
    private String baseUrl(Settings settings) {
        if (settings.publicUrl().isPresent()) {
            return settings.publicUrl().get().toString();
        }
        String host = settings.host();
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.isEmpty();
        String shown = wildcard ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + app.port();
    }

    public ApiServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    /** The jar's version, or "dev" when run from classes. */
    private static String version() {
        String version = ApiServer.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public void close() {
        // MCP sessions first, so their open streams end before Jetty stops.
        sweeper.shutdownNow();
        mcp.close();
        app.stop();
    }
}
