package dev.easel.images;

import dev.easel.engine.CancelToken;
import dev.easel.engine.DiffusionModel;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.ImageClassifier;
import dev.easel.engine.ImageJob;
import dev.easel.engine.Matting;
import dev.easel.engine.PreviewImage;
import dev.easel.engine.Stage;
import dev.easel.engine.TextClassifier;
import dev.easel.media.RgbImage;
import dev.easel.safety.moderation.ModerationDecision;
import dev.easel.safety.moderation.ModerationLevel;
import dev.easel.safety.moderation.Moderator;
import dev.easel.safety.moderation.PromptPolicy;
import dev.easel.wire.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * (HTTP 429 with Retry-After at the edge). Where the model batches ({@code engine.batch}), a
 * worker runs a task's images in lockstep and takes queued tasks of the same shape along
 * ({@link Lockstep}); admission is per task either way. Exports queue depth, job wait and run
 * times, batch sizes and per-stage engine times to the meter registry.
 */
public final class ImageService implements AutoCloseable {
    private final ModelRegistry models;
    private final ThreadPoolExecutor executor;
    private final int queueSize;
    private final MeterRegistry meters;
    private final Moderator moderator;
    private final Optional<ImageClassifier> classifier;
    private final Optional<TextClassifier> textClassifier;
    private final Timer waitTimer;
    private final Timer runTimer;
    /** Jobs per lockstep run of the engine (1: a job alone). */
    private final DistributionSummary batchSizes;

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
    private final TaskRun.Service pictures = new Pictures();
    private final ImageFiles files;
    private final Optional<Matting> matting;
    private final Timer mattingTimer;
    /** Where tasks hand out their pictures ({@link Deliveries}): one platform thread per core. */
    private final ThreadPoolExecutor deliveryPool;
    /** The pool, or this thread once the pool is shut down, so that no task's deliveries are lost. */
    private final java.util.concurrent.Executor deliveryThreads;
    /** Where the tasks run when the engine is in other processes; empty: on this one's workers. */
    private final Optional<RemoteEngine> remote;

    public ImageService(ModelRegistry models, int queueSize, int workers, MeterRegistry meters) {
        this(
                models,
                queueSize,
                workers,
                meters,
                new Checks(
                        new Moderator(PromptPolicy.builtIn(), true, false, meters), Optional.empty(), Optional.empty()),
                new Output(ImageFiles.withoutCredentials(), new OutputMark.Off(), Optional.empty()));
    }

    /**
     * What moderates the images: the moderator's decisions, and the classifiers the operator named
     * (a text classifier on prompts, an image classifier on pictures; the model's own safety
     * checker is used whenever its folder has one).
     */
    public record Checks(
            Moderator moderator, Optional<TextClassifier> textClassifier, Optional<ImageClassifier> imageClassifier) {}

    /**
     * What the pictures get once made, and how they are written.
     *
     * @param files how the images it makes are written out, by both APIs
     * @param mark what every picture made gets before it is handed out (previews too)
     * @param matting the matting model that gives a transparent background's images their alpha,
     *     shared by every model; empty: {@link Background#TRANSPARENT} cannot be made
     */
    public record Output(ImageFiles files, OutputMark mark, Optional<Matting> matting) {
        public Output {
            java.util.Objects.requireNonNull(files, "files");
            java.util.Objects.requireNonNull(mark, "mark");
            java.util.Objects.requireNonNull(matting, "matting");
        }
    }

    /**
     * @param checks moderate every job's prompt at submit, and its previews and images as they
     *     are made
     * @param output how every picture is finished and written
     */
    public ImageService(
            ModelRegistry models, int queueSize, int workers, MeterRegistry meters, Checks checks, Output output) {
        this(models, queueSize, workers, meters, checks, output, Optional.empty());
    }

    /**
     * @param remote where every task runs, its prompts moderated and admitted here first; empty: on this
     *     process's {@code workers}
     */
    public ImageService(
            ModelRegistry models,
            int queueSize,
            int workers,
            MeterRegistry meters,
            Checks checks,
            Output output,
            Optional<RemoteEngine> remote) {
        this.remote = remote;
        this.files = output.files();
        this.mark = output.mark();
        this.matting = output.matting();
        this.moderator = checks.moderator();
        this.classifier = checks.imageClassifier();
        this.textClassifier = checks.textClassifier();
        this.models = models;
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
        int cores = Runtime.getRuntime().availableProcessors();
        this.deliveryPool = new ThreadPoolExecutor(
                cores,
                cores,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("easel-delivery-", 0).daemon().factory());
        this.deliveryThreads = r -> {
            try {
                deliveryPool.execute(r);
            } catch (RejectedExecutionException e) {
                r.run(); // shutting down: the task's future must still complete
            }
        };
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
        this.mattingTimer = Timer.builder("easel.matting")
                .description("time the matting model took for a transparent background's image")
                .register(meters);
        this.batchSizes = DistributionSummary.builder("easel.batch.size")
                .description("images per engine run: 1 alone, more in lockstep, one UNet call per step for all")
                .register(meters);
    }

    /** How every image returned is written: metadata and content credentials. */
    public ImageFiles files() {
        return files;
    }

    public ModelRegistry models() {
        return models;
    }

    /**
     * What planning a request for {@code model} (a local name) needs: from the workers' announcement when the
     * engine is remote (this process then loads no model), else from the model, loaded on first use.
     *
     * @throws dev.easel.wire.ApiException (503) when the engine is remote and no worker serves the model
     */
    public ModelView describe(String model) {
        if (remote.isPresent()) {
            return remote.get().describe(model);
        }
        DiffusionModel loaded = models.get(model);
        return new ModelView(loaded.info(), loaded.referenceSupport(), matting.isPresent());
    }

    /** How many CLIP tokens {@code prompt} takes on {@code model}, BOS and EOS included (for usage accounting). */
    public int promptTokens(String model, String prompt) {
        return models.promptTokens(model, prompt);
    }

    /**
     * Queues the task. The future completes with one image per job, or exceptionally with the
     * engine's exception (for example GenerationCancelledException once {@code cancel} fires).
     */
    public CompletableFuture<List<GeneratedImage>> submit(
            ImageTask task, ImageTaskListener listener, CancelToken cancel) {
        for (ImageJob job : task.jobs()) {
            List<String> classified = moderator.enabled() && textClassifier.isPresent()
                    ? textClassifier.get().flags(job.prompt())
                    : List.of();
            ModerationDecision decision = moderator.prompt(job.prompt(), classified, task.moderation());
            if (decision.blocked()) {
                throw blocked(decision);
            }
        }
        if (task.background() == Background.TRANSPARENT && remote.isEmpty() && matting.isEmpty()) {
            // Planned by another process's view (an API node's, from another worker's announcement).
            throw new ApiException(
                    503,
                    ApiException.ErrorType.SERVER,
                    Optional.of("engine_unavailable"),
                    Optional.of("background"),
                    "This engine worker has no matting model, so it cannot make a transparent background; give every"
                            + " worker serving the model '" + task.model() + "' the same matting model (easel pull"
                            + " --matting).");
        }
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
        if (remote.isPresent()) {
            return submitRemote(task, listener, cancel, queuedAt);
        }
        TaskRun run = new TaskRun(
                new TaskRun.Submission(task, listener, cancel, queuedAt), new Deliveries(deliveryThreads), pictures);
        try {
            executor.execute(new Queued(run));
        } catch (RejectedExecutionException e) {
            admitted.release(); // the service is shutting down
            throw e;
        }
        return run.result();
    }

    /** Hands an admitted task to the remote engine; its slot is free again before anyone learns that it ended. */
    private CompletableFuture<List<GeneratedImage>> submitRemote(
            ImageTask task, ImageTaskListener listener, CancelToken cancel, long queuedAt) {
        CompletableFuture<List<GeneratedImage>> result;
        try {
            result = remote.orElseThrow().submit(task, listener, cancel);
        } catch (RuntimeException e) {
            admitted.release();
            throw e;
        }
        return result.whenComplete((images, failure) -> {
            admitted.release();
            Throwable cause = failure instanceof java.util.concurrent.CompletionException c ? c.getCause() : failure;
            pictures.ended(
                    cause == null
                            ? "completed"
                            : cause instanceof dev.easel.engine.GenerationCancelledException ? "cancelled" : "failed",
                    queuedAt);
        });
    }

    /**
     * A task waiting for a worker. Identity matters: a worker that takes one out of the queue as a
     * companion of its own task ({@link Lockstep#companions}) removes exactly that one.
     */
    private final class Queued implements Runnable {
        final TaskRun run;

        Queued(TaskRun run) {
            this.run = run;
        }

        @Override
        public void run() {
            ImageService.this.run(this);
        }
    }

    /**
     * Runs the task's jobs on this worker, with the queued tasks that can share its UNet calls
     * when the model batches ({@link DiffusionModel#maxBatch}): same model, every job of one batch
     * key, as many jobs as one batch holds. Each preview and image is handed out (checked, marked,
     * given to the listener) by its task's {@link Deliveries}, so the worker goes on denoising
     * meanwhile; each task's result completes once its pictures have all been handed out, so a
     * listener has seen every preview and image before anyone learns that the task ended.
     */
    private void run(Queued first) {
        long start = System.nanoTime();
        waitTimer.record(Duration.ofNanos(start - first.run.submission.queuedAt()));
        List<TaskRun> runs = new ArrayList<>(List.of(first.run));
        try {
            DiffusionModel model = models.get(first.run.task().model());
            if (model.claimBatchProbe()) {
                queueProbe(model);
            }
            List<TaskRun> waiting = new ArrayList<>();
            for (Runnable queued : executor.getQueue()) {
                if (queued instanceof Queued q) {
                    waiting.add(q.run);
                }
            }
            for (TaskRun joined : Lockstep.companions(
                    first.run,
                    model,
                    waiting,
                    run -> executor.getQueue().removeIf(r -> r instanceof Queued q && q.run == run))) {
                waitTimer.record(Duration.ofNanos(System.nanoTime() - joined.submission.queuedAt()));
                runs.add(joined);
            }
            Lockstep.generate(model, runs, batchSizes);
        } catch (RuntimeException e) {
            runs.forEach(r -> r.fail(e));
        } finally {
            long elapsed = System.nanoTime() - start;
            int jobs = runs.stream().mapToInt(r -> r.task().jobs().size()).sum();
            recentRunMillis.set(Math.max(1, elapsed / 1_000_000 / jobs));
            // The slots are free before anyone learns that the tasks ended, so a client that submits
            // again at once is never refused for its own finished task.
            admitted.release(runs.size());
        }
        runs.forEach(TaskRun::complete);
    }

    /**
     * The batching measurement ({@link DiffusionModel#probeBatching}) as a task of its own behind
     * those queued now: it delays no request already waiting and, with one worker, shares the
     * machine with none, so that what it times is the UNet alone.
     */
    private void queueProbe(DiffusionModel model) {
        try {
            executor.execute(model::probeBatching);
        } catch (RejectedExecutionException e) {
            // shutting down: nothing left to batch
        }
    }

    /** What every task's pictures get before its listener sees them, on a delivery thread, and how its end is counted. */
    private final class Pictures implements TaskRun.Service {
        @Override
        public PreviewImage preview(DiffusionModel model, ImageTask task, ImageJob job, PreviewImage preview) {
            check(model, preview.image(), task.moderation(), "preview");
            return mark.preview(preview, job);
        }

        @Override
        public GeneratedImage image(DiffusionModel model, ImageTask task, ImageJob job, GeneratedImage made) {
            check(model, made.image(), task.moderation(), "image");
            GeneratedImage image = mark.image(made, job, task.model(), task.finish());
            record(task.model(), image);
            // Matted last, so that the alpha is the model's mask of the very pixels handed out.
            return task.background() == Background.TRANSPARENT ? matte(image) : image;
        }

        @Override
        public void ended(String outcome, long queuedAt) {
            runTimer.record(Duration.ofNanos(System.nanoTime() - queuedAt));
            Counter.builder("easel.jobs")
                    .tag("outcome", outcome)
                    .register(meters)
                    .increment();
        }
    }

    private GeneratedImage matte(GeneratedImage image) {
        Matting m = matting.orElseThrow(() -> new IllegalStateException(
                "a transparent background was planned without a matting model")); // callers check canMatte first
        long start = System.nanoTime();
        GeneratedImage matted = image.withAlpha(m.alpha(image.image()));
        mattingTimer.record(Duration.ofNanos(System.nanoTime() - start));
        return matted;
    }

    /** The output check: the model's safety checker on a picture, when moderation is on and the model has one. */
    private void check(DiffusionModel model, RgbImage picture, ModerationLevel level, String what) {
        if (!moderator.enabled()) {
            return;
        }
        Optional<Boolean> unsafe = model.unsafe(picture);
        if (unsafe.isEmpty() && classifier.isEmpty()) {
            return;
        }
        List<String> categories = new ArrayList<>();
        if (unsafe.orElse(false)) {
            categories.add(Moderator.OUTPUT_CATEGORY);
        }
        classifier.ifPresent(c -> categories.addAll(c.flags(picture)));
        ModerationDecision decision = moderator.output(categories, level, what);
        if (decision.blocked()) {
            throw blocked(decision);
        }
    }

    private static ApiException blocked(ModerationDecision decision) {
        return ApiException.moderationBlocked(decision.stage().wire(), decision.categories());
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
        remote.ifPresent(RemoteEngine::close);
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
            deliveryPool.shutdown();
            deliveryPool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
