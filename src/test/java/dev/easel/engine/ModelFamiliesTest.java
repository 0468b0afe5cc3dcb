package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.sched.SchedulerKind;
import dev.easel.engine.synth.SyntheticModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The families told from the files: SDXL's two encoders, added conditioning and latent scale,
 * SD-Turbo's trailing schedule, and the clear errors for layouts Easel does not run.
 */
class ModelFamiliesTest {

    @Test
    void sdxlIsToldFromItsFilesWithItsDefaultsAndEncoderOutputs() {
        DiffusionModel sdxl = TestModels.sdxlTiny();
        ModelInfo info = sdxl.info();
        assertThat(info.family()).isEqualTo(ModelFamily.SDXL);
        assertThat(info.defaults()).isEqualTo(new ModelDefaults(25, 7.5, SchedulerKind.EULER, 1024, 1024));
        assertThat(info.previewDecoder()).isEqualTo("taesd");
        assertThat(sdxl.vaeDecoder.scalingFactor()).isEqualTo(0.13025f);
        PromptEncoder.TwoClips text = (PromptEncoder.TwoClips) sdxl.text;
        assertThat(text.encoder().hiddenOutput()).isEqualTo("hidden_states.11");
        assertThat(text.encoder2().hiddenOutput()).isEqualTo("hidden_states.31");
        assertThat(text.pooledWidth()).isEqualTo(1280);
        assertThat(text.zeroesEmptyNegative()).isTrue();
        // SDXL's second tokenizer pads with "!", not with EOS as the first does.
        assertThat(text.tokenizer2().padId()).isNotEqualTo(text.tokenizer2().eosId());
        assertThat(text.tokenizer().padId()).isEqualTo(text.tokenizer().eosId());
    }

    @Test
    void sdTurboIsToldFromItsTrailingScheduleNotItsName(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("model");
        SyntheticModel.write(folder, SyntheticModel.Shape.SD_TURBO_TINY, 42);
        try (DiffusionModel turbo = DiffusionModel.load(folder, TestModels.runtime())) {
            assertThat(turbo.info().family()).isEqualTo(ModelFamily.SD1);
            assertThat(turbo.sampling).isEqualTo(ModelDefaults.Sampling.TURBO);
            assertThat(turbo.info().defaults()).isEqualTo(new ModelDefaults(2, 0.0, SchedulerKind.EULER, 512, 512));
            assertThat(turbo.text.first().idsType().name()).isEqualTo("INT64");
        }
    }

    @Test
    void sdxlTurboIsSdxlWithTheTurboDefaultsAt512(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("model");
        SyntheticModel.write(folder, SyntheticModel.Shape.SDXL_TINY, 42);
        Path config = folder.resolve("scheduler/scheduler_config.json");
        Files.writeString(config, Files.readString(config).replace("\"leading\"", "\"trailing\""));
        try (DiffusionModel turbo = DiffusionModel.load(folder, TestModels.runtime())) {
            assertThat(turbo.info().family()).isEqualTo(ModelFamily.SDXL);
            assertThat(turbo.info().defaults()).isEqualTo(new ModelDefaults(2, 0.0, SchedulerKind.EULER, 512, 512));
            GeneratedImage image = turbo.generate(
                    ImageJob.text("a fox", 512, 512, 1, 0, 3), GenerationListener.NONE, CancelToken.NEVER);
            assertThat(image.stepsRun()).isEqualTo(1);
        }
    }

    @Test
    void sdxlGeneratesDeterministicallyWithGuidanceAndPreviews() {
        DiffusionModel sdxl = TestModels.sdxlTiny();
        List<PreviewImage> previews = new ArrayList<>();
        GenerationListener listener = new GenerationListener() {
            @Override
            public void onPreview(PreviewImage preview) {
                previews.add(preview);
            }
        };
        ImageJob job = ImageJob.text("a fox", 64, 96, 3, 5.0, 7).withPreviews(2);
        GeneratedImage a = sdxl.generate(job, listener, CancelToken.NEVER);
        GeneratedImage b = sdxl.generate(job, GenerationListener.NONE, CancelToken.NEVER);
        assertThat(a.image().width()).isEqualTo(64);
        assertThat(a.image().height()).isEqualTo(96);
        assertThat(a.image().rgb()).isEqualTo(b.image().rgb());
        assertThat(previews).hasSize(2);
        GeneratedImage other =
                sdxl.generate(ImageJob.text("a cat", 64, 96, 3, 5.0, 7), GenerationListener.NONE, CancelToken.NEVER);
        assertThat(other.image().rgb()).isNotEqualTo(a.image().rgb());
    }

    @Test
    void sdxlJobsInLockstepMakeTheirLoneImages() {
        EngineTuning tuning = EngineTuning.DEFAULTS.withBatch(BatchMode.ON, 4);
        try (DiffusionModel sdxl = DiffusionModel.load(
                TestModels.folder(SyntheticModel.Shape.SDXL_TINY),
                TestModels.runtime().withTuning(tuning))) {
            // One job's negative prompt is empty (zeros), the other's is encoded: each keeps its own.
            List<ImageJob> jobs = List.of(
                    ImageJob.text("a fox", 64, 64, 3, 5.0, 1),
                    ImageJob.text("a lighthouse", 64, 64, 3, 3.0, 2).withNegativePrompt("blur"));
            List<JobOutcome> outcomes = sdxl.generateBatch(jobs.stream()
                    .map(j -> new BatchEntry(j, GenerationListener.NONE, CancelToken.NEVER))
                    .toList());
            for (int k = 0; k < jobs.size(); k++) {
                float[] batched =
                        ((JobOutcome.Made) outcomes.get(k)).image().latents().data();
                float[] alone = sdxl.generate(jobs.get(k), GenerationListener.NONE, CancelToken.NEVER)
                        .latents()
                        .data();
                for (int i = 0; i < alone.length; i++) {
                    assertThat(batched[i]).isCloseTo(alone[i], org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
        }
    }

    @Test
    void linearPreviewsUseTheFamilysFactorsAndBias() {
        float[] ones = new float[4 * 4];
        java.util.Arrays.fill(ones, 0, 4, 1f); // latent channel 1 at 1, the others 0
        Latents x0 = new Latents(4, 2, 2, ones);
        byte[] sdxl = LinearPreviewer.of(ModelFamily.SDXL)
                .preview(x0, new StageTimings())
                .rgb();
        byte[] sd1 = LinearPreviewer.of(ModelFamily.SD1)
                .preview(x0, new StageTimings())
                .rgb();
        // SDXL: (0.3651 + 0.1084, 0.4232 − 0.0175, 0.4341 − 0.0011) · 127.5 + 127.5, rounded.
        assertThat(java.util.Arrays.copyOf(sdxl, 3)).containsExactly((byte) 188, (byte) 179, (byte) 183);
        // SD 1.x: (0.3512, 0.2297, 0.3227), no bias.
        assertThat(java.util.Arrays.copyOf(sd1, 3)).containsExactly((byte) 172, (byte) 157, (byte) 169);
    }

    @Test
    void aRefinerIsRefusedNamingWhatItIs(@TempDir Path dir) throws IOException {
        SyntheticModel.write(dir, SyntheticModel.Shape.SDXL_TINY, 42);
        Files.delete(dir.resolve("text_encoder/model.onnx"));
        assertThatThrownBy(() -> DiffusionModel.load(dir, TestModels.runtime()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("SDXL refiner");
    }

    @Test
    void anSdxlUnetWithoutTheSecondEncoderNamesWhatIsMissing(@TempDir Path dir) throws IOException {
        SyntheticModel.write(dir, SyntheticModel.Shape.SDXL_TINY, 42);
        Files.delete(dir.resolve("text_encoder_2/model.onnx"));
        assertThatThrownBy(() -> DiffusionModel.load(dir, TestModels.runtime()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("text_encoder_2/model.onnx and tokenizer_2/ are missing");
    }

    @Test
    void aMissingSecondTokenizerIsNamed(@TempDir Path dir) throws IOException {
        SyntheticModel.write(dir, SyntheticModel.Shape.SDXL_TINY, 42);
        Files.delete(dir.resolve("tokenizer_2/merges.txt"));
        assertThatThrownBy(() -> DiffusionModel.load(dir, TestModels.runtime()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tokenizer_2/merges.txt is missing");
    }
}
