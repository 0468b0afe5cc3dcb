package dev.easel.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.EngineCaches;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.GenerationCancelledException;
import dev.easel.engine.ImageJob;
import dev.easel.engine.Init;
import dev.easel.engine.PreviewImage;
import dev.easel.engine.TestModels;
import dev.easel.engine.synth.SyntheticModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Previews and images are handed out off the engine's worker: a listener that takes its time
 * with a preview (encoding, a slow store) never holds the denoising loop, yet sees every picture
 * in order and before the task's future completes; a cancel still ends the run within a step, and
 * a listener's failure still fails the task.
 */
class ImageServiceDeliveryTest {
    private static final Path MODELS =
            TestModels.folder(SyntheticModel.Shape.TINY).getParent();
    /** 6 steps and 2 previews: the previews come after steps 2 and 4. */
    private static final int STEPS = 6;

    private ModelRegistry registry;
    private ImageService service;

    @BeforeEach
    void start() throws Exception {
        registry = new ModelRegistry(MODELS, "tiny", Map.of(), TestModels.runtime(), EngineCaches.none());
        service = new ImageService(registry, 1, 1, new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() throws Exception {
        service.close();
        registry.close();
    }

    @Test
    void theNextStepsRunWhileAPreviewIsStillBeingHandledAndTheOrderIsKept() throws Exception {
        CountDownLatch lastStep = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        ImageTaskListener listener = new ImageTaskListener() {
            @Override
            public void onStep(int image, int step, int steps) {
                seen.add("step " + image + "." + step);
                if (image == 1 && step == STEPS) {
                    lastStep.countDown();
                }
            }

            @Override
            public void onPreview(int image, PreviewImage preview) {
                assertThat(Thread.currentThread().getName()).doesNotStartWith("easel-engine-");
                if (image == 0 && preview.previewIndex() == 0) {
                    await(release); // a consumer stuck on the first preview
                }
                seen.add("preview " + image + "." + preview.previewIndex());
            }

            @Override
            public void onImage(int image, GeneratedImage result) {
                seen.add("image " + image);
            }
        };
        CompletableFuture<List<GeneratedImage>> done = service.submit(task(2), listener, () -> false);

        // Both images' denoising loops run to their last step while the first preview is held.
        assertThat(lastStep.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).noneMatch(s -> s.startsWith("preview") || s.startsWith("image"));
        assertThat(done).isNotDone();

        release.countDown();
        assertThat(done.get(60, TimeUnit.SECONDS)).hasSize(2);
        assertThat(seen.stream().filter(s -> !s.startsWith("step")))
                .containsExactly("preview 0.0", "preview 0.1", "image 0", "preview 1.0", "preview 1.1", "image 1");
    }

    @Test
    void theHandedOutPicturesAreTheOnesTheFutureCompletesWith() throws Exception {
        List<GeneratedImage> handed = new CopyOnWriteArrayList<>();
        List<PreviewImage> previews = new CopyOnWriteArrayList<>();
        ImageTaskListener listener = new ImageTaskListener() {
            @Override
            public void onPreview(int image, PreviewImage preview) {
                previews.add(preview);
            }

            @Override
            public void onImage(int image, GeneratedImage result) {
                handed.add(result);
            }
        };
        List<GeneratedImage> made =
                service.submit(task(1), listener, () -> false).get(60, TimeUnit.SECONDS);
        assertThat(handed).containsExactlyElementsOf(made);
        assertThat(previews).extracting(PreviewImage::step).containsExactly(2, 4);
        assertThat(previews).extracting(p -> p.image().width()).containsOnly(64);
    }

    @Test
    void aCancelAfterTheLastStepButBeforeTheHandOutEndsTheTaskCancelledWithNoImage() throws Exception {
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean cancelled = new AtomicBoolean();
        List<String> seen = new CopyOnWriteArrayList<>();
        ImageTaskListener listener = new ImageTaskListener() {
            @Override
            public void onStep(int image, int step, int steps) {
                if (step == STEPS) {
                    // The client goes away once the engine is done, while the first preview is
                    // being sent: its hand-out has begun (on a busy machine the delivery thread may
                    // only start after the last step, and a hand-out that starts after a cancel
                    // rightly sends nothing).
                    await(sending);
                    cancelled.set(true);
                    release.countDown();
                }
            }

            @Override
            public void onPreview(int image, PreviewImage preview) {
                sending.countDown();
                await(release); // still sending the first preview when the last step ends
                seen.add("preview " + preview.previewIndex());
            }

            @Override
            public void onImage(int image, GeneratedImage result) {
                seen.add("image");
            }
        };
        CompletableFuture<List<GeneratedImage>> done = service.submit(task(1), listener, cancelled::get);

        assertThat(done)
                .failsWithin(60, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(GenerationCancelledException.class);
        // The preview being sent goes out; the rest, the image included, is never made ready.
        assertThat(seen).containsExactly("preview 0");
    }

    @Test
    void aCancelEndsTheRunWithinAStepWhileAPreviewIsHeld() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch cancelledAt = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> steps = new CopyOnWriteArrayList<>();
        List<Integer> previews = new CopyOnWriteArrayList<>();
        ImageTaskListener listener = new ImageTaskListener() {
            @Override
            public void onStep(int image, int step, int steps1) {
                steps.add(step);
                if (step == 3) {
                    // Previews queued after a cancel are skipped: cancel only once preview 0 is being
                    // handed out (on the delivery thread), whatever the machine's load.
                    await(held);
                    cancelled.set(true); // the client went away during step 3
                    cancelledAt.countDown();
                }
            }

            @Override
            public void onPreview(int image, PreviewImage preview) {
                previews.add(preview.previewIndex());
                held.countDown();
                await(release);
            }
        };
        CompletableFuture<List<GeneratedImage>> done = service.submit(task(1), listener, cancelled::get);
        assertThat(held.await(60, TimeUnit.SECONDS)).isTrue();
        // The loop went on past the held preview, and stops at the step after the cancel.
        assertThat(cancelledAt.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(done).isNotDone(); // the held preview is still being handed out
        release.countDown();
        try {
            done.get(60, TimeUnit.SECONDS);
            throw new AssertionError("the cancelled task completed");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(GenerationCancelledException.class);
        }
        assertThat(steps).containsExactly(1, 2, 3);
        assertThat(previews).containsExactly(0);
    }

    @Test
    void aListenerThatFailsOnAPreviewFailsTheTaskAtTheNextStep() throws Exception {
        List<Integer> steps = new CopyOnWriteArrayList<>();
        ImageTaskListener listener = new ImageTaskListener() {
            @Override
            public void onStep(int image, int step, int steps1) {
                steps.add(step);
            }

            @Override
            public void onPreview(int image, PreviewImage preview) {
                throw new IllegalStateException("the store is full");
            }
        };
        CompletableFuture<List<GeneratedImage>> done = service.submit(task(1), listener, () -> false);
        try {
            done.get(60, TimeUnit.SECONDS);
            throw new AssertionError("the task completed");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("the store is full");
        }
        assertThat(steps).startsWith(1, 2);
    }

    private static ImageTask task(int images) {
        ImageJob job = new ImageJob(
                "a fox",
                "",
                64,
                64,
                STEPS,
                1.0,
                1,
                Optional.empty(),
                2,
                new Init.Noise(),
                dev.easel.engine.RunOptions.DEFAULTS);
        return new ImageTask("tiny", java.util.Collections.nCopies(images, job));
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
