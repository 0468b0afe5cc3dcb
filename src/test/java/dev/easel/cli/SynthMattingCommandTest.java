package dev.easel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.engine.Matting;
import dev.easel.engine.OrtRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code easel synth-model DIR --shape matting-tiny}: a matting model the server loads as it would a pulled one. */
class SynthMattingCommandTest {
    @Test
    void writesATinyBirefnetStyleMattingModel(@TempDir Path dir) {
        Path folder = dir.resolve("models/matting");
        assertThat(Main.commandLine().execute("synth-model", folder.toString(), "--shape", "matting-tiny"))
                .isZero();
        assertThat(folder.resolve("model.onnx")).isRegularFile();
        assertThat(folder.resolve("preprocessor_config.json")).isRegularFile();
        try (Matting matting = Matting.open(OrtRuntime.create(OrtRuntime.Device.CPU), folder)) {
            assertThat(matting.layout()).isEqualTo("birefnet");
            assertThat(matting.description()).contains("input_image 64x64 → output_image, logits");
        }
    }
}
