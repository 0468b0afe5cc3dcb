package dev.easel.api;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.IntSupplier;

/**
 * What an engine worker serves, having no API: {@code GET /health} (200 and its running jobs, for orchestrators'
 * health checks) and {@code GET /metrics} (Prometheus: the engine's queue, job and stage figures). Nothing else,
 * so it holds no user data; bind it to a private address.
 */
public final class WorkerEndpoints implements AutoCloseable {
    private final Javalin app;

    public WorkerEndpoints(String host, int port, PrometheusMeterRegistry meters, IntSupplier running, int capacity) {
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.routes.get("/health", ctx -> {
                var body = dev.easel.json.Wire.object()
                        .put("status", "ok")
                        .put("role", "worker")
                        .put("running", running.getAsInt())
                        .put("capacity", capacity);
                ctx.contentType("application/json").result(dev.easel.json.Wire.write(body));
            });
            config.routes.get(
                    "/metrics",
                    ctx -> ctx.contentType("text/plain; version=0.0.4").result(meters.scrape()));
            config.jetty.host = host;
            config.jetty.port = port;
        });
    }

    public WorkerEndpoints start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
