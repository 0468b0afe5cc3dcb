package dev.easel.images;

import dev.easel.engine.CancelToken;
import dev.easel.engine.DiffusionModel;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.GenerationListener;
import dev.easel.engine.ImageJob;
import dev.easel.engine.PreviewImage;
import dev.easel.engine.Stage;
import dev.easel.engine.StepProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded queue in front of the engine. {@code workers} tasks run at once; up to
 * {@code queueSize} more wait; beyond that {@link #submit} refuses with {@link QueueFullException}
 * (HTTP 429 with Retry-After at the edge). Exports queue depth, job wait and run times, and
 * per-stage engine times to the meter registry.
 */
public final class ImageService implements AutoCloseable {
    private final ModelRegistry models;
    private final ThreadPoolExecutor executor;
    private final int queueSize;
    private final MeterRegistry meters;
    private final Timer waitTimer;
    private final Timer runTimer;
    private final AtomicLong recentRunMillis = new AtomicLong(5000);
    /**
     * Admission: one permit per task the engine may hold, running or waiting (workers + queue
     * size), taken when a task is accepted and returned when it ends. The executor's own queue
     * cannot be the limit: a task handed to an idle worker sits in that queue until the worker
     * takes it, so a bounded queue would refuse a second task while the first is still being
     * handed over.
     */
    private final Semaphore admitted;

    private final OutputMark mark;

    /** @param mark what every picture made gets before it is handed out (previews too) */
    public ImageService(ModelRegistry models, int queueSize, int workers, MeterRegistry meters, OutputMark mark) {
        this.models = models;
        this.mark = mark;
        this.queueSize = queueSize;
        this.meters = meters;
        this.admitted = new Semaphore(workers + queueSize);
        this.executor = new ThreadPoolExecutor(
                workers,
                workers,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("easel-engine-", 0).factory());
        Gauge.builder("easel.queue.depth", executor, e -> e.getQueue().size())
                .description("image tasks waiting for the engine")
                .register(meters);
        Gauge.builder("easel.queue.running", executor, ThreadPoolExecutor::getActiveCount)
                .description("image tasks the engine is running")
                .register(meters);
        this.waitTimer = Timer.builder("easel.job.wait")
                .description("time a task waited in the queue")
                .register(meters);
        this.runTimer = Timer.builder("easel.job.latency")
                .description("time from submission to the last image")
                .register(meters);
    }

    public ModelRegistry models() {
        return models;
    }

    /**
     * Queues the task. The future completes with one image per job, or exceptionally with the
     * engine's exception (for example GenerationCancelledException once {@code cancel} fires).
     */
    public CompletableFuture<List<GeneratedImage>> submit(
            ImageTask task, ImageTaskListener listener, CancelToken cancel) {
        CompletableFuture<List<GeneratedImage>> result = new CompletableFuture<>();
        long queuedAt = System.nanoTime();
        if (!admitted.tryAcquire()) {
            Counter.builder("easel.jobs")
                    .tag("outcome", "rejected")
                    .register(meters)
                    .increment();
            long seconds = Math.max(
                    1, recentRunMillis.get() * (executor.getQueue().size() + 1) / executor.getMaximumPoolSize() / 1000);
            throw new QueueFullException(queueSize, (int) Math.min(seconds, 120));
        }
        try {
            executor.execute(() -> run(task, listener, cancel, queuedAt, result));
        } catch (RejectedExecutionException e) {
            admitted.release(); // the service is shutting down
            throw e;
        }
        return result;
    }

    private void run(
            ImageTask task,
            ImageTaskListener listener,
            CancelToken cancel,
            long queuedAt,
            CompletableFuture<List<GeneratedImage>> result) {
        long start = System.nanoTime();
        waitTimer.record(Duration.ofNanos(start - queuedAt));
        String outcome = "failed";
        List<GeneratedImage> images = new ArrayList<>();
        RuntimeException failure = null;
        try {
            DiffusionModel model = models.get(task.model());
            for (int i = 0; i < task.jobs().size(); i++) {
                int index = i;
                ImageJob job = task.jobs().get(i);
                GenerationListener bridge = new GenerationListener() {
                    @Override
                    public void onStep(StepProgress p) {
                        listener.onStep(index, p.step(), p.steps());
                    }

                    @Override
                    public void onPreview(PreviewImage preview) {
                        listener.onPreview(index, mark.preview(preview, job));
                    }
                };
                GeneratedImage image =
                        mark.image(model.generate(job, bridge, cancel), job, task.model(), task.finish());
                record(task.model(), image);
                listener.onImage(i, image);
                images.add(image);
            }
            outcome = "completed";
        } catch (RuntimeException e) {
            outcome = e instanceof dev.easel.engine.GenerationCancelledException ? "cancelled" : "failed";
            failure = e;
        } finally {
            long elapsed = System.nanoTime() - start;
            recentRunMillis.set(Math.max(1, elapsed / 1_000_000 / task.jobs().size()));
            runTimer.record(Duration.ofNanos(System.nanoTime() - queuedAt));
            Counter.builder("easel.jobs")
                    .tag("outcome", outcome)
                    .register(meters)
                    .increment();
            // The slot is free before anyone learns that the task ended, so a client that submits
            // again at once is never refused for its own finished task.
            admitted.release();
        }
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(images);
        }
    }

    private void record(String model, GeneratedImage image) {
        for (Stage stage : Stage.values()) {
            long nanos = image.timings().nanos(stage);
            if (nanos > 0) {
                Timer.builder("easel.stage")
                        .tag("stage", stage.name().toLowerCase(java.util.Locale.ROOT))
                        .tag("model", model)
                        .register(meters)
                        .record(Duration.ofNanos(nanos));
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
