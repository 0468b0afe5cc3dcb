package dev.easel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code easel} as a new user runs it, started in an empty folder ({@link EaselProcess}): the
 * default model found as {@code easel serve} finds it, and progress as a pipe and as a terminal
 * show it.
 */
class CliProcessTest {
    @Test
    void generateWithoutAModelInAnEmptyFolderWritesTheDemoModelSaysSoAndPrintsALinePerStep(@TempDir Path dir)
            throws Exception {
        EaselProcess.Result first =
                EaselProcess.run(dir, "generate", "a fox", "--size", "64x64", "--steps", "5", "--seed", "3");

        assertThat(first.code()).as(first.err()).isZero();
        BufferedImage image = ImageIO.read(dir.resolve("out.png").toFile());
        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(dir.resolve("models/demo/unet/model.onnx")).exists();
        assertThat(first.err())
                .contains("*** No model could be downloaded (no default_model_repo is configured). Using the built-in"
                        + " 'demo' model")
                .doesNotContain("\r");
        // In a pipe: one plain line per step, in order, each on its own line.
        List<String> steps =
                first.err().lines().filter(l -> l.startsWith("denoising ")).toList();
        assertThat(steps).hasSize(5);
        IntStream.range(0, 5)
                .forEach(i ->
                        assertThat(steps.get(i)).matches("denoising " + (i + 1) + "/5(, [0-9.]+ steps/s, ETA .*)?"));
        assertThat(first.err()).contains("wrote out.png (64x64, seed 3, 5 steps, ");

        // The next run (bench here) finds the model the first one wrote, as the server would: no notice.
        EaselProcess.Result second = EaselProcess.run(
                dir, "bench", "--size", "64x64", "--steps", "2", "--runs", "1", "--partial-images", "0");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("model demo on ");
        assertThat(second.err()).doesNotContain("No model could be downloaded", "\r");
    }

    @Test
    void aTerminalShowsAProgressBarWithRateAndEta(@TempDir Path dir) throws Exception {
        EaselProcess.Result run =
                EaselProcess.underTerminal(dir, "generate", "a fox", "--size", "64x64", "--steps", "8", "--seed", "3");

        assertThat(run.code()).as(run.out()).isZero();
        assertThat(dir.resolve("out.png")).exists();
        // The bar is redrawn in place: carriage returns, the percentage, the count, the times and the rate.
        assertThat(run.out())
                .contains("\r")
                .containsPattern(
                        "denoising +100% .*8/8 steps \\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\) [0-9.?]+ steps/s")
                .doesNotContainPattern("(?m)^denoising \\d+/8");
    }
}
