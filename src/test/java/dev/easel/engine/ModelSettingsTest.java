package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.sched.SchedulerConfig;
import dev.easel.engine.sched.SchedulerKind;
import dev.easel.engine.synth.SyntheticModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model folder's own settings are refused when it loads, naming the folder and the key. */
class ModelSettingsTest {
    @TempDir
    Path root;

    private Path model;

    @BeforeEach
    void writeModel() throws IOException {
        model = root.resolve("tiny");
        SyntheticModel.write(model, SyntheticModel.Shape.TINY, 42);
    }

    private void easelJson(String json) throws IOException {
        Files.writeString(model.resolve("easel.json"), json);
    }

    @Test
    void aGoodFolderPassesWithItsDefaults() throws IOException {
        easelJson("{\"steps\": 999, \"scheduler\": \"ddim\", \"width\": 2048, \"height\": 64}");
        assertThat(ModelSettings.check(model)).isEqualTo(new ModelDefaults(999, 7.5, SchedulerKind.DDIM, 2048, 64));
    }

    @Test
    void defaultStepsPastTheTrainingStepsAreRefusedNamingTheKey() throws IOException {
        easelJson("{\"steps\": 1000}");
        assertThatThrownBy(() -> ModelSettings.check(model))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("model folder " + model + ": easel.json 'steps' is 1000, but its scheduler (euler,"
                        + " num_train_timesteps 1000 in scheduler/scheduler_config.json) runs 1 to 999 steps");
        // The full load refuses it too, before any session is opened.
        assertThatThrownBy(() -> DiffusionModel.load(model, TestModels.runtime()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'steps' is 1000");
    }

    @Test
    void lcmStopsAtItsOriginalInferenceSteps() throws IOException {
        easelJson("{\"steps\": 51, \"scheduler\": \"lcm\"}");
        assertThatThrownBy(() -> ModelSettings.check(model))
                .hasMessageContaining("easel.json 'steps' is 51, but its scheduler (lcm, original_inference_steps 50")
                .hasMessageEndingWith("runs 1 to 50 steps");
        assertThat(ModelSettings.maxSteps(SchedulerKind.LCM, SchedulerConfig.defaults()))
                .isEqualTo(50);
        assertThat(ModelSettings.maxSteps(SchedulerKind.DDIM, SchedulerConfig.defaults()))
                .as("leading spacing with steps_offset 1: 1000 steps would reach t = 1000")
                .isEqualTo(999);
    }

    @Test
    void unknownSchedulersKeysAndWrongKindsAreRefused() throws IOException {
        easelJson("{\"scheduler\": \"eulr\"}");
        assertThatThrownBy(() -> ModelSettings.check(model))
                .hasMessageStartingWith(model.resolve("easel.json") + ": 'scheduler': unknown scheduler 'eulr'");
        easelJson("{\"step\": 20}");
        assertThatThrownBy(() -> ModelSettings.check(model))
                .hasMessage("unknown key 'step' in " + model.resolve("easel.json") + "; did you mean 'steps'?");
        easelJson("{\"steps\": \"twenty\"}");
        assertThatThrownBy(() -> ModelSettings.check(model))
                .hasMessage(model.resolve("easel.json") + ": 'steps' must be a whole number, got \"twenty\"");
    }

    @Test
    void defaultSizesOutsideTheModelsRangeAreRefused() throws IOException {
        easelJson("{\"width\": 4096}");
        assertThatThrownBy(() -> ModelSettings.check(model))
                .hasMessage("model folder " + model + ": easel.json 'width' is 4096, but this model makes sides that"
                        + " are multiples of 8 from 64 to 2048");
        easelJson("{\"height\": 100}");
        assertThatThrownBy(() -> ModelSettings.check(model)).hasMessageContaining("easel.json 'height' is 100");
    }

    @Test
    void aComponentModelIndexNamesMustBeThere() throws IOException {
        Files.delete(model.resolve("vae_encoder/model.onnx"));
        assertThatThrownBy(() -> ModelSettings.check(model))
                .hasMessage("model folder " + model + ": model_index.json names 'vae_encoder' (OnnxRuntimeModel), but"
                        + " vae_encoder/model.onnx is missing; pull the model again or remove 'vae_encoder' from"
                        + " model_index.json");
    }

    @Test
    void aRequiredComponentsFolderMustBeThereAnOptionalOneMayBeAbsent() throws IOException {
        deleteTree(model.resolve("vae_encoder"));
        assertThat(ModelSettings.check(model).steps())
                .as("no vae_encoder: it only cannot edit")
                .isPositive();
        deleteTree(model.resolve("text_encoder"));
        assertThatThrownBy(() -> ModelSettings.check(model))
                .hasMessage("model folder " + model + ": model_index.json names 'text_encoder' (OnnxRuntimeModel), but"
                        + " text_encoder/ is missing; pull the model again or remove 'text_encoder' from"
                        + " model_index.json");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aSafetyCheckerNamedButNotPulledIsFine() throws IOException {
        String index = Files.readString(model.resolve("model_index.json"));
        Files.writeString(
                model.resolve("model_index.json"),
                index.replace(
                        "\"unet\":",
                        "\"safety_checker\": [\"diffusers\", \"OnnxRuntimeModel\"],"
                                + " \"feature_extractor\": [\"transformers\", \"CLIPImageProcessor\"], \"unet\":"));
        assertThat(ModelSettings.check(model).steps()).isPositive();
    }
}
