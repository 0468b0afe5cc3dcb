package dev.easel.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.BatchMode;
import dev.easel.engine.CancelToken;
import dev.easel.engine.DiffusionModel;
import dev.easel.engine.EngineCaches;
import dev.easel.engine.EngineTuning;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.GenerationCancelledException;
import dev.easel.engine.GenerationListener;
import dev.easel.engine.ImageJob;
import dev.easel.engine.PreviewImage;
import dev.easel.engine.TestModels;
import dev.easel.engine.synth.SyntheticModel;
import dev.easel.media.RgbImage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * With batching on, a task's n images run in lockstep, and queued tasks of the same shape join the
 * task a worker takes; each task keeps its own listener, pictures in job order, cancellation and
 * future, and every image is the one its job makes alone.
 */
class ImageServiceBatchTest {
    private static final Path MODELS =
            TestModels.folder(SyntheticModel.Shape.TINY).getParent();
    private static final int STEPS = 6;

    private ModelRegistry registry;
    private SimpleMeterRegistry meters;
    private ImageService service;

    @BeforeEach
    void start() throws Exception {
        registry = new ModelRegistry(
                MODELS,
                "tiny",
                Map.of(),
                TestModels.runtime().withTuning(EngineTuning.DEFAULTS.withBatch(BatchMode.ON, 4)),
                EngineCaches.none());
        meters = new SimpleMeterRegistry();
        service = new ImageService(registry, 8, 1, meters);
    }

    @AfterEach
    void stop() {
        service.close();
        registry.close();
    }

    @Test
    void aTasksImagesRunInOneBatchAndArriveInJobOrder() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        ImageTaskListener listener = new ImageTaskListener() {
            @Override
            public void onPreview(int image, PreviewImage preview) {
                seen.add("preview " + image + "." + preview.previewIndex());
            }

            @Override
            public void onImage(int image, GeneratedImage result) {
                seen.add("image " + image);
            }
        };
        List<ImageJob> jobs = List.of(job(1), job(2), job(3));
        List<GeneratedImage> made = service.submit(new ImageTask("tiny", jobs), listener, () -> false)
                .get(60, TimeUnit.SECONDS);
        assertThat(batchSizes().max()).isEqualTo(3);
        assertThat(batchSizes().count()).isEqualTo(1);
        // What one job after another shows, though all three were denoised together.
        assertThat(seen)
                .containsExactly(
                        "preview 0.0",
                        "preview 0.1",
                        "image 0",
                        "preview 1.0",
                        "preview 1.1",
                        "image 1",
                        "preview 2.0",
                        "preview 2.1",
                        "image 2");
        for (int k = 0; k < jobs.size(); k++) {
            assertThat(made.get(k).seed()).isEqualTo(jobs.get(k).seed());
            assertAlone(made.get(k), jobs.get(k));
        }
    }

    @Test
    void queuedTasksOfOneShapeShareTheWorkersCallsAndEachIsCancelledAlone() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ImageTaskListener holder = new ImageTaskListener() {
            @Override
            public void onStep(int image, int step, int steps) {
                holding.countDown();
                await(release);
            }
        };
        // The worker is held inside a task of another shape while three tasks queue up.
        CompletableFuture<List<GeneratedImage>> held = service.submit(
                new ImageTask("tiny", List.of(ImageJob.text("a barn", 128, 64, 2, 7.5, 9))), holder, () -> false);
        assertThat(holding.await(60, TimeUnit.SECONDS)).isTrue();

        AtomicBoolean cancelSecond = new AtomicBoolean();
        List<Integer> secondSteps = new CopyOnWriteArrayList<>();
        ImageTaskListener cancelling = new ImageTaskListener() {
            @Override
            public void onStep(int image, int step, int steps) {
                secondSteps.add(step);
                if (step == 3) {
                    cancelSecond.set(true);
                }
            }
        };
        CompletableFuture<List<GeneratedImage>> first =
                service.submit(new ImageTask("tiny", List.of(job(5))), ImageTaskListener.NONE, () -> false);
        CompletableFuture<List<GeneratedImage>> second =
                service.submit(new ImageTask("tiny", List.of(job(6))), cancelling, cancelSecond::get);
        CompletableFuture<List<GeneratedImage>> third =
                service.submit(new ImageTask("tiny", List.of(job(7), job(8))), ImageTaskListener.NONE, () -> false);
        release.countDown();

        assertThat(held.get(60, TimeUnit.SECONDS)).hasSize(1);
        assertAlone(first.get(60, TimeUnit.SECONDS).getFirst(), job(5));
        List<GeneratedImage> thirds = third.get(60, TimeUnit.SECONDS);
        assertAlone(thirds.get(0), job(7));
        assertAlone(thirds.get(1), job(8));
        try {
            second.get(60, TimeUnit.SECONDS);
            throw new AssertionError("the cancelled task completed");
        } catch (ExecutionException e) {
            assertThat(e.getCause())
                    .isInstanceOfSatisfying(
                            GenerationCancelledException.class,
                            c -> assertThat(c.completedSteps()).isEqualTo(3));
        }
        assertThat(secondSteps).containsExactly(1, 2, 3);
        // The held task alone, then the three queued ones (four images) in one lockstep run.
        assertThat(batchSizes().count()).isEqualTo(2);
        assertThat(batchSizes().max()).isEqualTo(4);
        assertThat(batchSizes().totalAmount()).isEqualTo(5);
    }

    private DistributionSummary batchSizes() {
        return meters.get("easel.batch.size").summary();
    }

    private void assertAlone(GeneratedImage made, ImageJob job) {
        DiffusionModel model = registry.get("tiny");
        GeneratedImage alone = model.generate(job, GenerationListener.NONE, CancelToken.NEVER);
        float[] a = made.latents().data();
        float[] b = alone.latents().data();
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs(a[i] - b[i])).as("latent %d", i).isLessThanOrEqualTo(1e-4f);
        }
        assertThat(maxChannelDifference(made.image(), alone.image())).isLessThanOrEqualTo(1);
    }

    private static ImageJob job(long seed) {
        return ImageJob.text("a fox", 64, 64, STEPS, 7.5, seed)
                .withNegativePrompt("blur")
                .withPreviews(2);
    }

    private static int maxChannelDifference(RgbImage a, RgbImage b) {
        int max = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            max = Math.max(max, Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF)));
        }
        return max;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
