package dev.easel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.synth.SyntheticModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders that are not usable exports fail with messages that say what to do. */
class ModelLoadTest {

    @Test
    void missingFolderSuggestsPullOrSynth(@TempDir Path dir) {
        assertThatThrownBy(() -> DiffusionModel.load(dir.resolve("nope"), TestModels.runtime()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("easel pull")
                .hasMessageContaining("synth-model");
    }

    @Test
    void missingUnetIsNamed(@TempDir Path dir) throws IOException {
        SyntheticModel.write(dir, SyntheticModel.Shape.TINY, 1);
        Files.delete(dir.resolve("unet/model.onnx"));
        assertThatThrownBy(() -> DiffusionModel.load(dir, TestModels.runtime()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("unet/model.onnx is missing");
    }

    @Test
    void corruptOnnxFileIsReportedWithItsComponent(@TempDir Path dir) throws IOException {
        SyntheticModel.write(dir, SyntheticModel.Shape.TINY, 1);
        Files.writeString(dir.resolve("vae_decoder/model.onnx"), "not a model");
        assertThatThrownBy(() -> DiffusionModel.load(dir, TestModels.runtime()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("vae_decoder");
    }

    @Test
    void modelsReadTheirInputKindsFromTheSessions() {
        DiffusionModel tiny = TestModels.tiny();
        DiffusionModel demo = TestModels.demo();
        assertThat(tiny.text.first().idsType().name()).isEqualTo("INT32");
        assertThat(demo.text.first().idsType().name()).isEqualTo("INT64");
        assertThat(tiny.unet.timestepInfo().getShape()).hasSize(1);
        assertThat(demo.unet.timestepInfo().getShape()).isEmpty();
        assertThat(tiny.vaeEncoder.orElseThrow().output()).isEqualTo("latent_sample");
        assertThat(demo.vaeEncoder.orElseThrow().output()).isEqualTo("latent_parameters");
        assertThat(tiny.info().defaults().steps()).isEqualTo(4);
        assertThat(demo.info().canEncodeImages()).isTrue();
    }
}
