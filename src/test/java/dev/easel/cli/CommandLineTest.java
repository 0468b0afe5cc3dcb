package dev.easel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.Config;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands as a user runs them: synth-model, generate (with previews and edits), bench, serve's settings. */
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
                        "--data",
                        dir.resolve("data").toString(),
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
                        "--data",
                        dir.resolve("data").toString(),
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

    /**
     * easel generate writes what the server writes: the watermark (previews too), the generation
     * parameters and C2PA credentials signed by the data folder's local CA; easel verify reads them
     * back. With both switched off the file is the engine's pixels with the parameters only.
     */
    @Test
    void generateMarksSignsAndVerifyReadsBoth(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("demo");
        assertThat(run("synth-model", model.toString(), "--shape", "demo")).isZero();
        Path marked = dir.resolve("marked.png");
        Path plain = dir.resolve("plain.png");
        for (Path out : List.of(marked, plain)) {
            String on = String.valueOf(out == marked);
            assertThat(run(
                            "generate",
                            "a lighthouse at dawn",
                            "--model",
                            model.toString(),
                            "--size",
                            "256x256",
                            "--seed",
                            "77",
                            "--partial-images",
                            "1",
                            "--provenance-watermark",
                            on,
                            "--provenance-c2pa",
                            on,
                            "--data",
                            dir.resolve("data").toString(),
                            "--device",
                            "cpu",
                            "-o",
                            out.toString()))
                    .isZero();
            assertThat(new String(Files.readAllBytes(out), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .contains("tEXtparameters\0a lighthouse at dawn\nSteps: 12, Seed: 77, Size: 256x256, Model: demo,"
                            + " Software: Easel");
        }
        StringWriter text = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(text, true));
        assertThat(cli.execute(
                        "verify",
                        "--trust",
                        dir.resolve("data/c2pa/ca.pem").toString(),
                        marked.toString(),
                        dir.resolve("marked.partial-0.png").toString()))
                .isZero();
        assertThat(text.toString())
                .containsPattern("\\Q" + marked
                        + "\\E\n  c2pa: valid, trusted, by Easel[^\n]*\n  watermark: present, issued \\d{4}-\\d\\d-\\d\\d,"
                        + " tag 0000004d, confidence (0\\.99|1\\.000000)")
                .containsPattern("partial-0.png\n  c2pa: valid, trusted, by Easel");

        StringWriter json = new StringWriter();
        cli = Main.commandLine();
        cli.setOut(new PrintWriter(json, true));
        assertThat(cli.execute("verify", "--json", plain.toString())).isEqualTo(1);
        var line = dev.easel.json.Wire.read(json.toString().strip());
        assertThat(line.get("file").asString()).isEqualTo(plain.toString());
        assertThat(line.at("/watermark/present").asBoolean()).isFalse();
        assertThat(line.at("/watermark/confidence").asDouble()).isLessThan(0.5);
        assertThat(line.at("/c2pa/present").asBoolean())
                .as("--provenance-c2pa false signs nothing")
                .isFalse();
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

    @Test
    void serveRefusesABadConfigurationWithOneLine(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("easel.yaml"), "port: 0\nqueue_sise: 4\n");
        assertThat(serveError("--config", yaml.toString()))
                .isEqualTo("error: unknown setting 'queue_sise' in " + yaml + "; did you mean 'queue_size'?\n");
        assertThat(serveError("--config", yaml.resolveSibling("none.yaml").toString()))
                .isEqualTo("error: config file " + yaml.resolveSibling("none.yaml") + " does not exist\n");
        assertThat(serveError("--port", "eighty"))
                .isEqualTo("error: invalid port from --port: must be a whole number 0 to 65535, got 'eighty'\n");
        assertThat(serveError("--planner-url", "http://localhost:11434/v1", "--planner-api-key", "sk-a\tsk-b"))
                .startsWith("error: invalid planner.api_key from --planner-api-key: ")
                .doesNotContain("sk-a", "sk-b");
    }

    @Test
    void serveFlagsOverrideTheEnvironmentWhichOverridesTheFile(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("easel.yaml"), """
                port: 9000
                workers: 2
                queue_size: 4
                planner:
                  url: http://file.example/v1
                  model: file-model
                hub:
                  token: hf_file
                """);
        CommandLine cli = Main.commandLine();
        cli.parseArgs(
                "serve",
                "--config",
                yaml.toString(),
                "--port",
                "0",
                "--models",
                dir.resolve("m").toString(),
                "--planner-model",
                "flag-model",
                "--url-allow",
                "localhost:9000");
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        List<String> warnings = new ArrayList<>();
        Config config = serve.resolve(
                Map.of("EASEL_WORKERS", "3", "EASEL_PLANNER_MODEL", "env-model", "HF_TOKEN", "hf_env"), warnings::add);

        assertThat(config.port()).isZero();
        assertThat(config.workers()).isEqualTo(3);
        assertThat(config.queueSize()).isEqualTo(4);
        assertThat(config.modelsDir()).isEqualTo(dir.resolve("m"));
        assertThat(config.planner().url()).contains(URI.create("http://file.example/v1"));
        assertThat(config.planner().model()).isEqualTo("flag-model");
        assertThat(config.url().allow().allowedHostPorts()).hasSize(1);
        assertThat(config.hub().settings().token()).contains("hf_env");
        assertThat(warnings).isEmpty();
    }

    @Test
    void serveHelpListsEverySettingAsAFlag() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("serve", "--help")).isZero();
        for (Config.Setting<?> setting : Config.settings()) {
            assertThat(out.toString())
                    .containsAnyOf(
                            setting.flag() + "=" + setting.label(), setting.flag() + "[=" + setting.label() + "]");
        }
    }

    private static String serveError(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        assertThat(cli.execute(all)).as("exit status").isEqualTo(1);
        assertThat(err.toString()).doesNotContain("\tat ");
        return err.toString();
    }

    private static int run(String... args) {
        return Main.commandLine().execute(args);
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
