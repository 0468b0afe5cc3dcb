package dev.easel.cli;

import dev.easel.engine.CancelToken;
import dev.easel.engine.DiffusionModel;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.GenerationListener;
import dev.easel.engine.ImageJob;
import dev.easel.engine.ModelDefaults;
import dev.easel.engine.Stage;
import dev.easel.engine.StageTimings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code easel bench --model DIR}: runs the pipeline a few times after a warm-up and prints where
 * the time goes: per stage, per UNet step, inside ONNX Runtime, and the pipeline's own overhead
 * (everything that is neither an ONNX Runtime run nor image encoding) as a share of the total.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure per-stage generation times.",
        subcommands = {HttpBenchCommand.class, EditsBenchCommand.class, WatermarkBenchCommand.class})
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions run;

    @Option(
            names = "--runs",
            defaultValue = "3",
            description = "Measured runs after one warm-up (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--partial-images",
            defaultValue = "3",
            description = "Previews per run (default: ${DEFAULT-VALUE}).")
    int previews;

    @Option(names = "--guidance", description = "Guidance scale (default: the model's).")
    Double guidance;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        try (DiffusionModel loaded = DiffusionModel.load(run.model, device.runtime())) {
            ModelDefaults d = loaded.info().defaults();
            int w = run.width(d);
            int h = run.height(d);
            int n = run.steps(d);
            double g = guidance != null ? guidance : d.guidanceScale();
            out.printf(
                    Locale.ROOT,
                    "model %s on %s: %dx%d, %d steps, guidance %.1f, %d previews, %d runs after 1 warm-up%n",
                    loaded.info().name(),
                    loaded.info().device(),
                    w,
                    h,
                    n,
                    g,
                    previews,
                    runs);
            List<StageTimings> measured = new ArrayList<>();
            long encodeNanos = 0;
            for (int run = 0; run <= runs; run++) {
                ImageJob job = ImageJob.text("a lighthouse on a cliff at dawn", w, h, n, g, 1000 + run)
                        .withPreviews(previews);
                GeneratedImage result = loaded.generate(job, GenerationListener.NONE, CancelToken.NEVER);
                long start = System.nanoTime();
                ImageIO.write(result.image().toBufferedImage(), "png", new ByteArrayOutputStream());
                long encode = System.nanoTime() - start;
                if (run > 0) {
                    measured.add(result.timings());
                    encodeNanos += encode;
                }
            }
            report(out, measured, encodeNanos / (double) runs, n);
            return 0;
        }
    }

    private static void report(PrintStream out, List<StageTimings> runs, double encodeNanos, int steps) {
        out.printf("%-22s %12s%n", "stage", "mean ms");
        for (Stage stage : Stage.values()) {
            double mean = runs.stream().mapToLong(t -> t.nanos(stage)).average().orElse(0);
            if (mean > 0) {
                out.printf(Locale.ROOT, "%-22s %12.2f%n", stage.name().toLowerCase(Locale.ROOT), mean / 1e6);
            }
        }
        double perStep = runs.stream()
                .flatMap(t -> t.unetStepNanos().stream())
                .mapToLong(Long::longValue)
                .average()
                .orElse(0);
        double total =
                runs.stream().mapToLong(StageTimings::totalNanos).average().orElse(0);
        double ort = runs.stream().mapToLong(StageTimings::ortNanos).average().orElse(0);
        out.printf(Locale.ROOT, "%-22s %12.2f%n", "image encode (png)", encodeNanos / 1e6);
        out.printf(Locale.ROOT, "%-22s %12.4f s/step (%d steps)%n", "unet step", perStep / 1e9, steps);
        out.printf(Locale.ROOT, "%-22s %12.2f%n", "total (engine)", total / 1e6);
        out.printf(
                Locale.ROOT,
                "%-22s %12.2f (%.1f%% of engine total)%n",
                "onnx runtime runs",
                ort / 1e6,
                100 * ort / total);
        double overhead = total - ort;
        out.printf(
                Locale.ROOT,
                "%-22s %12.2f (%.2f%% of engine total)%n",
                "pipeline overhead",
                overhead / 1e6,
                100 * overhead / total);
    }
}
