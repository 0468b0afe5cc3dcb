package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.synth.SyntheticModel;
import dev.easel.media.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The memory and speed options: sequential guidance gives today's pixels, int8 and TAESD are off
 * unless asked and reported when used, the guidance interval guides only the middle steps.
 */
class SpeedOptionsTest {
    private static final ImageJob GUIDED = ImageJob.text("a red fox in the snow", 64, 64, 4, 7.5, 11);

    private static DiffusionModel load(EngineTuning tuning) {
        return DiffusionModel.load(
                TestModels.folder(SyntheticModel.Shape.TINY),
                TestModels.runtime().withTuning(tuning));
    }

    private static EngineTuning memory(MemoryMode mode) {
        return new EngineTuning(mode, UnetPrecision.FP32, FinalDecoder.VAE, 1);
    }

    private static GeneratedImage run(DiffusionModel model, ImageJob job) {
        return model.generate(job, GenerationListener.NONE, CancelToken.NEVER);
    }

    @Test
    void sequentialGuidanceGivesTheBatchedPixels() {
        for (int seed : new int[] {1, 2, 3}) {
            ImageJob job =
                    ImageJob.text("a red fox in the snow", 64, 64, 4, 7.5, seed).withNegativePrompt("blur");
            GeneratedImage batched;
            GeneratedImage sequential;
            try (DiffusionModel fast = load(memory(MemoryMode.FAST))) {
                batched = run(fast, job);
            }
            try (DiffusionModel low = load(memory(MemoryMode.LOW))) {
                sequential = run(low, job);
            }
            assertThat(batched.engineUse().sequentialGuidance()).isFalse();
            assertThat(sequential.engineUse().sequentialGuidance()).isTrue();
            assertThat(sequential.engineUse().guidedSteps()).isEqualTo(4);
            // The same arithmetic per batch entry: equal up to float rounding in the kernels.
            float[] a = batched.latents().data();
            float[] b = sequential.latents().data();
            for (int i = 0; i < a.length; i++) {
                assertThat(b[i]).isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-4f));
            }
            assertThat(maxChannelDifference(batched.image(), sequential.image()))
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void autoRunsBatchedWhenMemoryIsPlentyAndSaysSoInTheUse() {
        try (DiffusionModel auto = load(EngineTuning.DEFAULTS)) {
            // A 64x64 image's batch entry needs kilobytes; this machine has far more available.
            assertThat(run(auto, GUIDED).engineUse().sequentialGuidance()).isFalse();
        }
        assertThat(MemoryBudget.perEntryBytes(64, 64)).isGreaterThan(MemoryBudget.perEntryBytes(32, 32) * 15);
    }

    @Test
    void theDefaultsAreFp32TheVaeAndGuidanceOnEveryStep() {
        GeneratedImage made = run(TestModels.tiny(), GUIDED);
        assertThat(made.engineUse())
                .isEqualTo(new EngineUse(UnetPrecision.FP32, FinalDecoder.VAE, 1, 4, false, InpaintArea.WHOLE_PICTURE));
    }

    @Test
    void int8IsQuantizedOnceIntoTheModelFolderAndStaysCloseToFp32() throws Exception {
        Path folder = TestModels.folder(SyntheticModel.Shape.TINY);
        DiffusionModel model = TestModels.tiny();
        ImageJob job = GUIDED.withOptions(RunOptions.DEFAULTS.withPrecision(UnetPrecision.INT8));
        GeneratedImage fp32 = run(model, GUIDED);
        GeneratedImage int8 = run(model, job);
        assertThat(int8.engineUse().precision()).isEqualTo(UnetPrecision.INT8);
        Path copy = folder.resolve(UnetCopies.FOLDER).resolve("unet-int8").resolve("model.onnx");
        assertThat(copy).exists();
        assertThat(Files.readString(copy.resolveSibling("source.sha256"))).hasSize(UnetCopies.VERSION.length() + 65);
        assertThat(int8.latents().data()).isNotEqualTo(fp32.latents().data());
        assertThat(ImageMetrics.psnr(int8.image(), fp32.image())).isGreaterThan(30);
        long written = Files.getLastModifiedTime(copy).toMillis();
        // A second model on the same folder reuses the copy.
        try (DiffusionModel again = load(new EngineTuning(MemoryMode.AUTO, UnetPrecision.INT8, FinalDecoder.VAE, 1))) {
            assertThat(run(again, GUIDED).engineUse().precision()).isEqualTo(UnetPrecision.INT8);
        }
        assertThat(Files.getLastModifiedTime(copy).toMillis()).isEqualTo(written);
    }

    @Test
    void aUnetWithNothingToFuseRunsFromItsOwnFileWithNoCopyKept() {
        Path folder = TestModels.folder(SyntheticModel.Shape.TINY);
        // Loading (TestModels loads with the defaults: attention fusion on) found no attention to fuse.
        TestModels.tiny();
        Path fused = folder.resolve(UnetCopies.FOLDER).resolve("unet-fused");
        assertThat(fused.resolve("model.onnx")).doesNotExist();
        assertThat(fused.resolve("unchanged")).exists();
    }

    @Test
    void taesdDecodesTheFinalImageOnlyWhenAsked() {
        DiffusionModel model = TestModels.tiny();
        GeneratedImage vae = run(model, GUIDED);
        GeneratedImage taesd = run(model, GUIDED.withOptions(RunOptions.DEFAULTS.withDecoder(FinalDecoder.TAESD)));
        assertThat(taesd.engineUse().decoder()).isEqualTo(FinalDecoder.TAESD);
        // Same latents, another decoder.
        assertThat(taesd.latents().data()).isEqualTo(vae.latents().data());
        assertThat(taesd.image().rgb()).isNotEqualTo(vae.image().rgb());
        assertThat(taesd.image().width()).isEqualTo(64);
    }

    @Test
    void taesdOnAModelWithoutOneIsRefusedAndTheDefaultFallsBackToTheVae() {
        DiffusionModel demo = TestModels.demo();
        ImageJob job = ImageJob.text("a fox", 64, 64, 2, 0, 1)
                .withOptions(RunOptions.DEFAULTS.withDecoder(FinalDecoder.TAESD));
        assertThatThrownBy(() -> run(demo, job)).hasMessageContaining("no TAESD decoder");
        try (DiffusionModel configured = DiffusionModel.load(
                TestModels.folder(SyntheticModel.Shape.DEMO),
                TestModels.runtime()
                        .withTuning(new EngineTuning(MemoryMode.AUTO, UnetPrecision.FP32, FinalDecoder.TAESD, 1)))) {
            assertThat(run(configured, ImageJob.text("a fox", 64, 64, 2, 0, 1))
                            .engineUse()
                            .decoder())
                    .isEqualTo(FinalDecoder.VAE);
        }
    }

    @Test
    void theGuidanceIntervalGuidesTheMiddleStepsOnly() {
        DiffusionModel model = TestModels.tiny();
        ImageJob job = ImageJob.text("a red fox in the snow", 64, 64, 8, 7.5, 5)
                .withOptions(RunOptions.DEFAULTS.withGuidanceInterval(0.5));
        GeneratedImage partial = run(model, job);
        assertThat(partial.engineUse().guidedSteps()).isEqualTo(4);
        assertThat(partial.engineUse().guidanceInterval()).isEqualTo(0.5);
        GeneratedImage full = run(model, job.withOptions(RunOptions.DEFAULTS));
        assertThat(full.engineUse().guidedSteps()).isEqualTo(8);
        assertThat(partial.latents().data()).isNotEqualTo(full.latents().data());
        // Unguided runs have nothing to skip.
        assertThat(run(model, ImageJob.text("a fox", 64, 64, 4, 0, 1).withOptions(job.options()))
                        .engineUse()
                        .guidedSteps())
                .isZero();
    }

    private static int maxChannelDifference(RgbImage a, RgbImage b) {
        int max = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            max = Math.max(max, Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF)));
        }
        return max;
    }
}
