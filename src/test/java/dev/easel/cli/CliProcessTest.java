package dev.easel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code easel} as a new user runs it, in a process of its own started in an empty folder: the
 * default model found as {@code easel serve} finds it, and progress as a pipe and as a terminal
 * (a pseudo-terminal from util-linux's {@code script}) show it.
 */
class CliProcessTest {
    /** Every command may run in a folder of its own, with no hub to reach and no EASEL_* of the test's. */
    private static Result easel(Path cwd, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(args))
                .directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(cwd.resolve("stdout.txt").toFile())
                .redirectError(cwd.resolve("stderr.txt").toFile());
        environment(builder.environment());
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("easel finished").isTrue();
        return new Result(
                process.exitValue(),
                Files.readString(cwd.resolve("stdout.txt")),
                Files.readString(cwd.resolve("stderr.txt")));
    }

    private record Result(int code, String out, String err) {}

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                // As surefire's own argLine: on the test class path the ONNX model writing needs it.
                "-Xss4m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.easel.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    private static void environment(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("EASEL_") || k.startsWith("HF_"));
        env.put("EASEL_DEFAULT_MODEL_REPO", "");
        env.put("EASEL_DEVICE", "cpu");
        env.put("EASEL_LOG_LEVEL", "WARN");
    }

    @Test
    void generateWithoutAModelInAnEmptyFolderWritesTheDemoModelSaysSoAndPrintsALinePerStep(@TempDir Path dir)
            throws Exception {
        Result first = easel(dir, "generate", "a fox", "--size", "64x64", "--steps", "5", "--seed", "3");

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

        // The next run (and bench) finds the model the first one wrote, as the server would: no notice.
        Result second = easel(dir, "bench", "--size", "64x64", "--steps", "2", "--runs", "1", "--partial-images", "0");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("model demo on ");
        assertThat(second.err()).doesNotContain("No model could be downloaded", "\r");
    }

    @Test
    void aTerminalShowsAProgressBarWithRateAndEta(@TempDir Path dir) throws Exception {
        assertThat(Path.of("/usr/bin/script"))
                .as("util-linux's script (Debian: bsdutils) runs the command under a pseudo-terminal")
                .exists();
        StringBuilder line = new StringBuilder("exec");
        for (String part : command("generate", "a fox", "--size", "64x64", "--steps", "8", "--seed", "3")) {
            line.append(" '").append(part.replace("'", "'\\''")).append('\'');
        }
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/script", "-qec", line.toString(), "/dev/null")
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("terminal.txt").toFile());
        environment(builder.environment());
        builder.environment().put("TERM", "xterm-256color");
        builder.environment().put("COLUMNS", "120");
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("easel finished").isTrue();
        String screen = Files.readString(dir.resolve("terminal.txt"), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(screen).isZero();
        assertThat(dir.resolve("out.png")).exists();
        // The bar is redrawn in place: carriage returns, the percentage, the count, the rate and the ETA.
        assertThat(screen)
                .contains("\r")
                .containsPattern(
                        "denoising +100% .*8/8 steps \\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\) [0-9.?]+ steps/s")
                .doesNotContainPattern("(?m)^denoising \\d+/8");
    }
}
