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
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code easel bench --model DIR}: runs the pipeline a few times after a warm-up and prints where
 * the time goes: per stage, per UNet step, inside ONNX Runtime, the pipeline's own overhead
 * (everything that is neither an ONNX Runtime run nor image encoding) as a share of the total,
 * and the process's peak resident memory. The speed and memory options are flags
 * ({@link TuningOptions}); {@code bench compare} runs this once per mode in a fresh process.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure per-stage generation times and peak memory.",
        subcommands = {
            HttpBenchCommand.class,
            EditsBenchCommand.class,
            WatermarkBenchCommand.class,
            CompareBenchCommand.class,
            BatchBenchCommand.class,
            PairedBenchCommand.class,
            QueueBenchCommand.class
        })
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions run;

    @Mixin
    TuningOptions tuning;

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

    @Option(
            names = "--steps-list",
            split = ",",
            description = "Measure at each of these step counts in turn (overrides --steps).")
    List<Integer> stepsList;

    @Option(names = "--json", description = "Also write the figures to this JSON file.")
    Path json;

    @Option(names = "--save-images", description = "Write each step count's last image here as <steps>.png.")
    Path saveImages;

    @Mixin
    DeviceOption device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        PrintWriter err = spec.commandLine().getErr();
        long loadStart = System.nanoTime();
        try (DiffusionModel loaded =
                DiffusionModel.load(run.folder(), device.runtime().withTuning(tuning.tuning()))) {
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            OptionalLong loadedRss = PeakMemory.residentBytes();
            ModelDefaults d = loaded.info().defaults();
            int w = run.width(d);
            int h = run.height(d);
            double g = guidance != null ? guidance : d.guidanceScale();
            List<Integer> counts = stepsList != null && !stepsList.isEmpty() ? stepsList : List.of(run.steps(d));
            ObjectNode report = JsonMapper.shared().createObjectNode();
            report.put("model", loaded.info().name());
            report.put("options", tuning.describe());
            report.put("load_s", loadSeconds);
            loadedRss.ifPresent(b -> report.put("rss_after_load_bytes", b));
            var results = report.putArray("runs");
            // One warm-up for the whole process (JIT, ONNX Runtime's first-run allocations).
            loaded.generate(ImageJob.text("warm-up", w, h, 1, g, 999), GenerationListener.NONE, CancelToken.NEVER);
            for (int n : counts) {
                out.printf(
                        Locale.ROOT,
                        "model %s on %s: %dx%d, %d steps, guidance %.1f, %d previews, %d runs after 1 warm-up; %s%n",
                        loaded.info().name(),
                        loaded.info().device(),
                        w,
                        h,
                        n,
                        g,
                        previews,
                        runs,
                        tuning.describe());
                List<StageTimings> measured = new ArrayList<>();
                long encodeNanos = 0;
                GeneratedImage last = null;
                // Progress on stderr, a line per tenth in a pipe; the figures go to stdout.
                try (StepMeter meter = new StepMeter(n + " steps", runs, Progress.Every.TENTH, err)) {
                    for (int r = 0; r < runs; r++) {
                        ImageJob job = ImageJob.text("a lighthouse on a cliff at dawn", w, h, n, g, 1000 + r)
                                .withPreviews(previews);
                        last = loaded.generate(job, meter, CancelToken.NEVER);
                        long start = System.nanoTime();
                        ImageIO.write(last.image().toBufferedImage(), "png", new ByteArrayOutputStream());
                        encodeNanos += System.nanoTime() - start;
                        measured.add(last.timings());
                    }
                }
                ObjectNode figures = report(out, measured, encodeNanos / (double) runs, n);
                figures.put("steps", n);
                figures.put("guided_steps", last.engineUse().guidedSteps());
                figures.put("sequential_guidance", last.engineUse().sequentialGuidance());
                results.add(figures);
                if (saveImages != null) {
                    Files.createDirectories(saveImages);
                    ImageIO.write(
                            last.image().toBufferedImage(),
                            "png",
                            saveImages.resolve(n + ".png").toFile());
                }
            }
            OptionalLong peak = PeakMemory.peakBytes();
            out.printf(
                    Locale.ROOT,
                    "%-22s %12s (after load: %s; load %.1f s)%n",
                    "peak RSS",
                    PeakMemory.format(peak),
                    PeakMemory.format(loadedRss),
                    loadSeconds);
            peak.ifPresent(b -> report.put("peak_rss_bytes", b));
            if (json != null) {
                Files.writeString(json, report.toPrettyString());
            }
            return 0;
        }
    }

    private static ObjectNode report(PrintStream out, List<StageTimings> runs, double encodeNanos, int steps) {
        ObjectNode figures = JsonMapper.shared().createObjectNode();
        out.printf("%-22s %12s%n", "stage", "mean ms");
        for (Stage stage : Stage.values()) {
            double mean = runs.stream().mapToLong(t -> t.nanos(stage)).average().orElse(0);
            if (mean > 0) {
                String name = stage.name().toLowerCase(Locale.ROOT);
                out.printf(Locale.ROOT, "%-22s %12.2f%n", name, mean / 1e6);
                figures.put(name + "_s", mean / 1e9);
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
        figures.put("unet_step_s", perStep / 1e9);
        figures.put("total_s", total / 1e9);
        return figures;
    }
}
