package dev.easel.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.EngineCaches;
import dev.easel.engine.ImageJob;
import dev.easel.engine.Init;
import dev.easel.engine.TestModels;
import dev.easel.engine.synth.SyntheticModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The engine queue holds exactly {@code workers + queue_size} tasks: the next one is refused,
 * never one before, however quickly they arrive (a task still being handed to an idle worker
 * counts once, not twice).
 */
class ImageServiceAdmissionTest {
    private static final Path MODELS =
            TestModels.folder(SyntheticModel.Shape.TINY).getParent();

    @Test
    void oneWorkerAndOneSlotTakeTwoTasksBackToBackEveryTime() throws Exception {
        try (ModelRegistry registry =
                        new ModelRegistry(MODELS, "tiny", Map.of(), TestModels.runtime(), EngineCaches.none());
                ImageService service = new ImageService(registry, 1, 1, new SimpleMeterRegistry())) {
            for (int round = 0; round < 200; round++) {
                CountDownLatch started = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                AtomicBoolean cancel = new AtomicBoolean();
                ImageTaskListener holding = new ImageTaskListener() {
                    @Override
                    public void onStep(int image, int step, int steps) {
                        started.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                };
                CompletableFuture<?> first = service.submit(task(), holding, cancel::get);
                CompletableFuture<?> second = service.submit(task(), ImageTaskListener.NONE, cancel::get);
                assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
                assertThatThrownBy(() -> service.submit(task(), ImageTaskListener.NONE, cancel::get))
                        .as("round %d: a third task", round)
                        .isInstanceOf(QueueFullException.class);
                cancel.set(true);
                release.countDown();
                for (CompletableFuture<?> f : List.of(first, second)) {
                    f.handle((v, e) -> null).get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void aTransparentTaskOnAnEngineWithoutMattingIsRefusedSayingWhy() throws Exception {
        try (ModelRegistry registry =
                        new ModelRegistry(MODELS, "tiny", Map.of(), TestModels.runtime(), EngineCaches.none());
                ImageService service = new ImageService(registry, 1, 1, new SimpleMeterRegistry())) {
            // As a worker gets it from an API node that planned by another worker's announcement.
            ImageTask transparent = new ImageTask(
                    "tiny",
                    task().jobs(),
                    dev.easel.safety.moderation.ModerationLevel.AUTO,
                    new ImageTask.Finish.AsMade(),
                    Background.TRANSPARENT);
            assertThatThrownBy(() -> service.submit(transparent, ImageTaskListener.NONE, () -> false))
                    .isInstanceOfSatisfying(dev.easel.wire.ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.param()).hasValue("background");
                        assertThat(e.getMessage()).contains("no matting model", "'tiny'");
                    });
            assertThat(service.submit(task(), ImageTaskListener.NONE, () -> false)
                            .get(30, TimeUnit.SECONDS))
                    .as("the refusal took no slot")
                    .hasSize(1);
        }
    }

    private static ImageTask task() {
        return new ImageTask(
                "tiny",
                List.of(new ImageJob(
                        "a fox",
                        "",
                        64,
                        64,
                        2,
                        1.0,
                        1,
                        Optional.empty(),
                        0,
                        new Init.Noise(),
                        dev.easel.engine.RunOptions.DEFAULTS)));
    }
}
