package dev.easel.cli;

import dev.easel.engine.DiffusionModel;
import dev.easel.engine.ImageJob;
import dev.easel.engine.ModelDefaults;
import dev.easel.engine.UnetPrecision;
import dev.easel.media.RgbImage;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code easel bench compare --model DIR}: the speed and memory modes side by side. Each mode runs
 * as {@code easel bench} in a fresh process (so its peak RSS is its own) at every step count of
 * {@code --steps-list}, on the same prompts and seeds; then this process compares each mode's
 * final image with float32's (PSNR) and, for int8, the UNet's noise predictions on the very same
 * inputs step by step. Prints one table: mode × (UNet step, VAE, end to end, speed-up, peak RSS,
 * error vs fp32).
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Run the speed and memory modes side by side (one process each) and compare them with fp32.")
final class CompareBenchCommand implements Callable<Integer> {
    /** The modes, by name: the flags of {@link TuningOptions} each sets. */
    static final Map<String, List<String>> MODES = modes();

    @Mixin
    ModelOptions run;

    @Option(
            names = "--steps-list",
            split = ",",
            defaultValue = "4,20",
            description = "Step counts (default: ${DEFAULT-VALUE}).")
    List<Integer> stepsList;

    @Option(
            names = "--modes",
            split = ",",
            defaultValue = "fp32,unfused,low-memory,int8,taesd,interval,fast",
            description = "Modes to run: ${DEFAULT-VALUE} (fp32 is the reference and always runs).")
    List<String> modes;

    @Option(
            names = "--runs",
            defaultValue = "1",
            description = "Measured runs per step count after one warm-up (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--work", description = "Folder for the modes' figures and images (default: a temporary one).")
    Path work;

    @Mixin
    DeviceOption device;

    private static Map<String, List<String>> modes() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("fp32", List.of("--memory=fast"));
        // Before this release's memory work: attention as exported, both passes batched, the arena on.
        m.put("unfused", List.of("--memory=fast", "--fuse-attention=false"));
        m.put("low-memory", List.of("--memory=low"));
        m.put("int8", List.of("--memory=fast", "--unet-precision=int8"));
        m.put("taesd", List.of("--memory=fast", "--final-decoder=taesd"));
        m.put("interval", List.of("--memory=fast", "--guidance-interval=0.5"));
        m.put(
                "fast",
                List.of("--memory=fast", "--unet-precision=int8", "--final-decoder=taesd", "--guidance-interval=0.5"));
        return m;
    }

    @Override
    public Integer call() throws Exception {
        List<String> names = new ArrayList<>(List.of("fp32"));
        for (String mode : modes) {
            if (!MODES.containsKey(mode)) {
                System.err.println("error: unknown mode '" + mode + "'; modes: " + MODES.keySet());
                return 2;
            }
            if (!names.contains(mode)) {
                names.add(mode);
            }
        }
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("easel-compare");
        Map<String, JsonNode> results = new LinkedHashMap<>();
        for (String mode : names) {
            System.out.printf("== mode %s: %s%n", mode, String.join(" ", MODES.get(mode)));
            int code = child(mode, dir);
            if (code != 0) {
                System.err.println("error: mode " + mode + " failed (exit " + code + ")");
                return 1;
            }
            results.put(
                    mode,
                    JsonMapper.shared().readTree(dir.resolve(mode + ".json").toFile()));
        }
        double[] noise = int8NoiseError(names);
        table(results, dir, noise);
        return 0;
    }

    /** Runs one mode as {@code easel bench} in a fresh JVM with this one's class path. */
    private int child(String mode, Path dir) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("bench");
        cmd.add("--model=" + run.folder());
        if (run.size != null) {
            cmd.add("--size=" + run.size.width() + "x" + run.size.height());
        }
        cmd.add("--steps-list="
                + String.join(",", stepsList.stream().map(String::valueOf).toList()));
        cmd.add("--runs=" + runs);
        cmd.add("--partial-images=0");
        cmd.add("--device=" + device.device);
        cmd.add("--threads=" + device.threads);
        cmd.add("--json=" + dir.resolve(mode + ".json"));
        cmd.add("--save-images=" + dir.resolve(mode));
        cmd.addAll(MODES.get(mode));
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    /** int8 against fp32 on the same UNet inputs, per step, at the smallest step count; empty without int8. */
    private double[] int8NoiseError(List<String> names) {
        if (names.stream().noneMatch(n -> MODES.get(n).contains("--unet-precision=int8"))) {
            return new double[0];
        }
        try (DiffusionModel model = DiffusionModel.load(run.folder(), device.runtime())) {
            ModelDefaults d = model.info().defaults();
            int steps = stepsList.stream().mapToInt(Integer::intValue).min().orElse(4);
            ImageJob job = ImageJob.text(
                    "a lighthouse on a cliff at dawn", run.width(d), run.height(d), steps, d.guidanceScale(), 1000);
            return model.noiseError(job, UnetPrecision.INT8);
        }
    }

    private void table(Map<String, JsonNode> results, Path dir, double[] noise) throws IOException {
        System.out.println();
        System.out.printf(
                "%-11s %5s %11s %9s %11s %8s %9s %10s%n",
                "mode", "steps", "unet s/step", "vae s", "end-to-end", "speedup", "peak RSS", "PSNR/fp32");
        JsonNode reference = results.get("fp32");
        for (var entry : results.entrySet()) {
            JsonNode r = entry.getValue();
            for (int i = 0; i < r.get("runs").size(); i++) {
                JsonNode figures = r.get("runs").get(i);
                int steps = figures.get("steps").asInt();
                double total = figures.get("total_s").asDouble();
                double fp32Total = reference.get("runs").get(i).get("total_s").asDouble();
                double psnr = entry.getKey().equals("fp32")
                        ? Double.POSITIVE_INFINITY
                        : psnr(image(dir, entry.getKey(), steps), image(dir, "fp32", steps));
                System.out.printf(
                        Locale.ROOT,
                        "%-11s %5d %11.3f %9.2f %11.2f %7.2fx %9s %10s%n",
                        entry.getKey(),
                        steps,
                        figures.get("unet_step_s").asDouble(),
                        figures.path("vae_decoder_s").asDouble(),
                        total,
                        fp32Total / total,
                        PeakMemory.format(java.util.OptionalLong.of(
                                r.get("peak_rss_bytes").asLong())),
                        Double.isInfinite(psnr) ? "identical" : String.format(Locale.ROOT, "%.1f dB", psnr));
            }
        }
        if (noise.length > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "int8 noise prediction vs fp32 on the same inputs, relative L2 error per step: %s (mean %.4f)%n",
                    Arrays.toString(Arrays.stream(noise)
                            .mapToObj(e -> String.format(Locale.ROOT, "%.4f", e))
                            .toArray()),
                    Arrays.stream(noise).average().orElse(0));
        }
        System.out.println("figures and images: " + dir);
    }

    private static RgbImage image(Path dir, String mode, int steps) throws IOException {
        File file = dir.resolve(mode).resolve(steps + ".png").toFile();
        BufferedImage read = ImageIO.read(file);
        return RgbImage.fromBufferedImage(read);
    }

    static double psnr(RgbImage a, RgbImage b) {
        double se = 0;
        byte[] x = a.rgb();
        byte[] y = b.rgb();
        for (int i = 0; i < x.length; i++) {
            double d = (x[i] & 0xFF) - (y[i] & 0xFF);
            se += d * d;
        }
        return se == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / (se / x.length));
    }
}
