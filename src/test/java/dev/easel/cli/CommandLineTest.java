package dev.easel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands as a user runs them: synth-model, generate (with previews and edits), bench. */
class CommandLineTest {

    @Test
    void synthesizeGenerateEditAndBench(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("tiny");
        assertThat(run("synth-model", model.toString(), "--shape", "tiny")).isZero();
        assertThat(model.resolve("unet/model.onnx")).exists();

        Path out = dir.resolve("out/fox.png");
        assertThat(run(
                        "generate",
                        "a red fox",
                        "--model",
                        model.toString(),
                        "--size",
                        "96x64",
                        "--steps",
                        "4",
                        "--seed",
                        "3",
                        "--partial-images",
                        "2",
                        "--device",
                        "cpu",
                        "-o",
                        out.toString()))
                .isZero();
        BufferedImage image = ImageIO.read(out.toFile());
        assertThat(image.getWidth()).isEqualTo(96);
        assertThat(image.getHeight()).isEqualTo(64);
        assertThat(out.resolveSibling("fox.partial-0.png")).exists();
        assertThat(out.resolveSibling("fox.partial-1.png")).exists();
        assertThat(out.resolveSibling("fox.partial-2.png")).doesNotExist();

        BufferedImage mask = new BufferedImage(96, 64, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                mask.setRGB(x, y, x < 48 ? 0x00000000 : 0xFF000000);
            }
        }
        Path maskFile = dir.resolve("mask.png");
        ImageIO.write(mask, "png", maskFile.toFile());
        Path edited = dir.resolve("edited.png");
        assertThat(run(
                        "generate",
                        "a blue fox",
                        "--model",
                        model.toString(),
                        "--image",
                        out.toString(),
                        "--mask",
                        maskFile.toString(),
                        "--steps",
                        "3",
                        "--seed",
                        "4",
                        "-o",
                        edited.toString()))
                .isZero();
        BufferedImage after = ImageIO.read(edited.toFile());
        assertThat(after.getRGB(95, 63)).isEqualTo(image.getRGB(95, 63));

        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            assertThat(run("bench", "--model", model.toString(), "--size", "64x64", "--steps", "2", "--runs", "1"))
                    .isZero();
        } finally {
            System.setOut(original);
        }
        String report = captured.toString();
        assertThat(report)
                .contains("unet step", "vae_decoder", "onnx runtime runs", "pipeline overhead", "image encode");
    }

    @Test
    void badInputGivesOneLineErrors(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int code =
                cli.execute("generate", "x", "--model", dir.resolve("missing").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: model folder").doesNotContain("\tat ");

        StringWriter err2 = new StringWriter();
        CommandLine cli2 = Main.commandLine();
        cli2.setErr(new PrintWriter(err2, true));
        assertThat(cli2.execute("synth-model", dir.toString(), "--shape", "huge"))
                .isEqualTo(2);
    }

    private static int run(String... args) {
        return Main.commandLine().execute(args);
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
