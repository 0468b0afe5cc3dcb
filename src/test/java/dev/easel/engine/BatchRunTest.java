package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.sched.SchedulerKind;
import dev.easel.engine.synth.SyntheticModel;
import dev.easel.media.Mask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs in lockstep, one UNet call per step for all of them: each image is the one its job makes
 * alone (its own seed and noise, ancestral draws included), within float rounding; a job that is
 * cancelled or whose listener fails leaves the batch and the others stay exact.
 */
class BatchRunTest {
    private static DiffusionModel batching;

    @BeforeAll
    static void load() {
        batching = load(EngineTuning.DEFAULTS.withBatch(BatchMode.ON, 4));
    }

    @AfterAll
    static void close() {
        batching.close();
    }

    private static DiffusionModel load(EngineTuning tuning) {
        return DiffusionModel.load(
                TestModels.folder(SyntheticModel.Shape.TINY),
                TestModels.runtime().withTuning(tuning));
    }

    private static ImageJob guided(String prompt, long seed) {
        return ImageJob.text(prompt, 64, 64, 5, 7.5, seed)
                .withNegativePrompt("blur")
                .withPreviews(2);
    }

    @Test
    void batchedImagesAreTheLoneImagesOfTheirSeeds() {
        for (SchedulerKind scheduler :
                List.of(SchedulerKind.EULER, SchedulerKind.EULER_ANCESTRAL, SchedulerKind.DDIM)) {
            List<ImageJob> jobs = List.of(
                    guided("a red fox in the snow", 1).withScheduler(scheduler),
                    guided("a red fox in the snow", 2).withScheduler(scheduler),
                    // Another prompt and another scale: each job's own embeddings and combination.
                    new ImageJob(
                            "a lighthouse",
                            "",
                            64,
                            64,
                            5,
                            3.0,
                            3,
                            Optional.of(scheduler),
                            2,
                            new Init.Noise(),
                            RunOptions.DEFAULTS));
            List<Recorder> recorders = new ArrayList<>();
            List<BatchEntry> entries = new ArrayList<>();
            for (ImageJob job : jobs) {
                Recorder r = new Recorder();
                recorders.add(r);
                entries.add(new BatchEntry(job, r, CancelToken.NEVER));
            }
            List<JobOutcome> outcomes = batching.generateBatch(entries);
            assertThat(outcomes).hasSize(3).allMatch(o -> o instanceof JobOutcome.Made);
            for (int k = 0; k < jobs.size(); k++) {
                Recorder alone = new Recorder();
                GeneratedImage solo = batching.generate(jobs.get(k), alone, CancelToken.NEVER);
                GeneratedImage batched = ((JobOutcome.Made) outcomes.get(k)).image();
                assertSame(batched, solo);
                assertThat(batched.seed()).isEqualTo(jobs.get(k).seed());
                assertThat(batched.engineUse()).isEqualTo(solo.engineUse());
                assertThat(recorders.get(k).steps).isEqualTo(alone.steps);
                assertThat(recorders.get(k).previews).isEqualTo(alone.previews);
            }
            // Different seeds, different pictures: nothing was shared but the calls.
            assertThat(image(outcomes.get(0)).latents().data())
                    .isNotEqualTo(image(outcomes.get(1)).latents().data());
        }
    }

    @Test
    void unguidedEditsAndEmbeddedGuidanceBatchToo(@TempDir Path dir) throws IOException {
        GeneratedImage source = batching.generate(
                ImageJob.text("a house", 64, 64, 4, 0, 9), GenerationListener.NONE, CancelToken.NEVER);
        Mask mask = new Mask(64, 64, rectangle(64, 64, 16, 16, 48, 40));
        List<ImageJob> edits = List.of(
                ImageJob.text("a house at night", 64, 64, 6, 0, 4)
                        .withInit(
                                new Init.Edit(new SourceImage.PixelsOnly(source.image()), 0.5, new Init.WholeImage())),
                ImageJob.text("a boat", 64, 64, 6, 0, 5)
                        .withInit(new Init.Edit(
                                new SourceImage.Known(source.image(), source.latents()), 0.5, new Init.Masked(mask))));
        assertThat(batching.batchKey(edits.get(0))).isEqualTo(batching.batchKey(edits.get(1)));
        assertBatchedIsAlone(batching, edits);

        SyntheticModel.write(dir, SyntheticModel.Shape.TINY, 42);
        LcmUnetTest.lcmUnet(dir.resolve("unet"));
        try (DiffusionModel lcm = DiffusionModel.load(
                dir, TestModels.runtime().withTuning(EngineTuning.DEFAULTS.withBatch(BatchMode.ON, 4)))) {
            // Each job's own scale, embedded per batch entry.
            assertBatchedIsAlone(
                    lcm,
                    List.of(
                            ImageJob.text("a cat", 64, 64, 4, 8.0, 2).withScheduler(SchedulerKind.LCM),
                            ImageJob.text("a cat", 64, 64, 4, 2.0, 3).withScheduler(SchedulerKind.LCM)));
        }
    }

    @Test
    void aCancelledJobLeavesAtItsNextStepAndTheOthersStayExact() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Recorder watched = new Recorder() {
            @Override
            public void onStep(StepProgress progress) {
                super.onStep(progress);
                if (progress.step() == 2) {
                    cancelled.set(true);
                }
            }
        };
        List<ImageJob> jobs = List.of(guided("a fox", 11), guided("a fox", 12), guided("a fox", 13));
        List<JobOutcome> outcomes = batching.generateBatch(List.of(
                new BatchEntry(jobs.get(0), GenerationListener.NONE, CancelToken.NEVER),
                new BatchEntry(jobs.get(1), watched, cancelled::get),
                new BatchEntry(jobs.get(2), GenerationListener.NONE, CancelToken.NEVER)));
        assertThat(outcomes.get(1)).isInstanceOf(JobOutcome.Failed.class);
        assertThat(((JobOutcome.Failed) outcomes.get(1)).error())
                .isInstanceOfSatisfying(
                        GenerationCancelledException.class,
                        e -> assertThat(e.completedSteps()).isEqualTo(2));
        assertThat(watched.steps).containsExactly(1, 2);
        assertThat(watched.previews).containsExactly(2); // the preview after step 2 was due, the one after 4 not
        for (int k : new int[] {0, 2}) {
            assertSame(image(outcomes.get(k)), alone(batching, jobs.get(k)));
        }
    }

    @Test
    void aJobWhoseListenerFailsLeavesAloneWithItsFailure() {
        GenerationListener failing = new GenerationListener() {
            @Override
            public void onPreview(PreviewImage preview) {
                throw new IllegalStateException("the client went away");
            }
        };
        List<ImageJob> jobs = List.of(guided("a fox", 21), guided("a fox", 22));
        List<JobOutcome> outcomes = batching.generateBatch(List.of(
                new BatchEntry(jobs.get(0), failing, CancelToken.NEVER),
                new BatchEntry(jobs.get(1), GenerationListener.NONE, CancelToken.NEVER)));
        assertThat(((JobOutcome.Failed) outcomes.get(0)).error()).hasMessage("the client went away");
        assertSame(image(outcomes.get(1)), alone(batching, jobs.get(1)));
    }

    @Test
    void jobsOfOneBatchMustShareAKeyAndAroundMaskEditsHaveNone() {
        ImageJob a = guided("a fox", 1);
        assertThat(batching.batchKey(a)).isEqualTo(batching.batchKey(guided("another prompt", 2)));
        assertThat(batching.batchKey(a)).isNotEqualTo(batching.batchKey(ImageJob.text("a fox", 64, 64, 6, 7.5, 1)));
        assertThat(batching.batchKey(a)).isNotEqualTo(batching.batchKey(ImageJob.text("a fox", 128, 64, 5, 7.5, 1)));
        assertThat(batching.batchKey(a)).isNotEqualTo(batching.batchKey(ImageJob.text("a fox", 64, 64, 5, 1.0, 1)));
        assertThat(batching.batchKey(a))
                .isNotEqualTo(batching.batchKey(a.withOptions(RunOptions.DEFAULTS.withGuidanceInterval(0.5))));
        // The final decoder is each job's own.
        assertThat(batching.batchKey(a))
                .isEqualTo(batching.batchKey(a.withOptions(RunOptions.DEFAULTS.withDecoder(FinalDecoder.TAESD))));
        ImageJob around = ImageJob.text("a fox", 64, 64, 5, 7.5, 1)
                .withInit(new Init.Edit(
                        new SourceImage.PixelsOnly(new dev.easel.media.RgbImage(64, 64, new byte[64 * 64 * 3])),
                        1.0,
                        new Init.Masked(new Mask(64, 64, new float[64 * 64]))))
                .withOptions(RunOptions.DEFAULTS.withInpaintArea(InpaintArea.AROUND_MASK));
        assertThat(batching.batchKey(around)).isEmpty();
        assertThatThrownBy(() -> batching.generateBatch(List.of(
                        new BatchEntry(a, GenerationListener.NONE, CancelToken.NEVER),
                        new BatchEntry(
                                ImageJob.text("a fox", 64, 64, 6, 7.5, 1),
                                GenerationListener.NONE,
                                CancelToken.NEVER))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch key");
    }

    @Test
    void lowMemoryRunsEachJobAloneWithSequentialGuidance() {
        try (DiffusionModel low = load(
                new EngineTuning(MemoryMode.LOW, UnetPrecision.FP32, FinalDecoder.VAE, 1).withBatch(BatchMode.ON, 4))) {
            List<ImageJob> jobs = List.of(guided("a fox", 31), guided("a fox", 32));
            List<JobOutcome> outcomes = low.generateBatch(jobs.stream()
                    .map(j -> new BatchEntry(j, GenerationListener.NONE, CancelToken.NEVER))
                    .toList());
            for (int k = 0; k < jobs.size(); k++) {
                assertThat(image(outcomes.get(k)).engineUse().sequentialGuidance())
                        .isTrue();
                assertThat(image(outcomes.get(k)).latents().data())
                        .isEqualTo(alone(low, jobs.get(k)).latents().data());
            }
        }
    }

    @Test
    void theBatchLimitFollowsTheSettingAndAutoWaitsForItsMeasurement() {
        assertThat(batching.maxBatch()).isEqualTo(4);
        assertThat(batching.claimBatchProbe()).isFalse(); // on: nothing to measure
        try (DiffusionModel off = load(EngineTuning.DEFAULTS.withBatch(BatchMode.OFF, 4))) {
            assertThat(off.maxBatch()).isEqualTo(1);
            assertThat(off.claimBatchProbe()).isFalse();
        }
        try (DiffusionModel auto = load(EngineTuning.DEFAULTS)) {
            assertThat(auto.maxBatch()).isEqualTo(1);
            assertThat(auto.claimBatchProbe()).isTrue();
            assertThat(auto.claimBatchProbe()).isFalse(); // once per model
            auto.probeBatching();
            // Whatever this machine measured, the decision is one of the two.
            assertThat(auto.maxBatch()).isIn(1, 4);
            assertThat(auto.batchRatio()).isPresent();
        }
    }

    /** Latents within float rounding of the larger call, pixels within one level. */
    private static void assertSame(GeneratedImage batched, GeneratedImage alone) {
        float[] a = batched.latents().data();
        float[] b = alone.latents().data();
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).isCloseTo(b[i], Offset.offset(1e-4f));
        }
        assertThat(ImageMetrics.maxChannelDifference(batched.image(), alone.image()))
                .isLessThanOrEqualTo(1);
        assertThat(batched.stepsRun()).isEqualTo(alone.stepsRun());
    }

    private static void assertBatchedIsAlone(DiffusionModel model, List<ImageJob> jobs) {
        List<JobOutcome> outcomes = model.generateBatch(jobs.stream()
                .map(j -> new BatchEntry(j, GenerationListener.NONE, CancelToken.NEVER))
                .toList());
        for (int k = 0; k < jobs.size(); k++) {
            assertSame(image(outcomes.get(k)), alone(model, jobs.get(k)));
        }
    }

    private static GeneratedImage alone(DiffusionModel model, ImageJob job) {
        return model.generate(job, GenerationListener.NONE, CancelToken.NEVER);
    }

    private static GeneratedImage image(JobOutcome outcome) {
        return switch (outcome) {
            case JobOutcome.Made made -> made.image();
            case JobOutcome.Failed failed -> throw new AssertionError("the job failed", failed.error());
        };
    }

    private static float[] rectangle(int w, int h, int x0, int y0, int x1, int y1) {
        float[] values = new float[w * h];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                values[y * w + x] = 1f;
            }
        }
        return values;
    }

    /** The steps and preview steps a job's listener saw. */
    private static class Recorder implements GenerationListener {
        final List<Integer> steps = new CopyOnWriteArrayList<>();
        final List<Integer> previews = new CopyOnWriteArrayList<>();

        @Override
        public void onStep(StepProgress progress) {
            steps.add(progress.step());
        }

        @Override
        public void onPreview(PreviewImage preview) {
            previews.add(preview.step());
        }
    }
}
