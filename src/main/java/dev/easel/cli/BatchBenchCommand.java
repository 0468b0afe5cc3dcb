package dev.easel.cli;

import dev.easel.engine.BatchEntry;
import dev.easel.engine.BatchMode;
import dev.easel.engine.CancelToken;
import dev.easel.engine.DiffusionModel;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.GenerationListener;
import dev.easel.engine.ImageJob;
import dev.easel.engine.JobOutcome;
import dev.easel.engine.ModelDefaults;
import dev.easel.media.RgbImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code easel bench batch --model DIR}: images per second at n = 1, 2, 4 (by default) made in
 * lockstep, one UNet call per step for all n ({@link DiffusionModel#generateBatch}, batching
 * forced on), against the same n images one after another; the peak resident memory of each, the
 * largest pixel difference between the two ways (batched images are the lone ones within float
 * rounding), and the ratio {@code engine.batch: auto} decides on (a UNet call of two images
 * against one at the native size).
 */
@Command(
        name = "batch",
        mixinStandardHelpOptions = true,
        description = "Images per second with n images per UNet call against one after another.")
final class BatchBenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions run;

    @Mixin
    TuningOptions tuning;

    @Option(
            names = "--counts",
            split = ",",
            defaultValue = "1,2,4",
            description = "Images per batch to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> counts;

    @Option(
            names = "--runs",
            defaultValue = "1",
            description = "Measured runs of each way per count, after a warm-up; the fastest counts (default:"
                    + " ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--guidance", description = "Guidance scale (default: the model's).")
    Double guidance;

    @Option(names = "--json", description = "Also write the figures to this JSON file.")
    Path json;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        int most = counts.stream().mapToInt(Integer::intValue).max().orElse(1);
        try (DiffusionModel model = DiffusionModel.load(
                run.folder(),
                device.runtime().withTuning(tuning.tuning().withBatch(BatchMode.ON, Math.max(1, most))))) {
            ModelDefaults d = model.info().defaults();
            int w = run.width(d);
            int h = run.height(d);
            int steps = run.steps(d);
            double g = guidance != null ? guidance : d.guidanceScale();
            out.printf(
                    Locale.ROOT,
                    "model %s on %s: %dx%d, %d steps, guidance %.1f, best of %d runs after a warm-up; %s%n",
                    model.info().name(),
                    model.info().device(),
                    w,
                    h,
                    steps,
                    g,
                    runs,
                    tuning.describe());
            // Warm-up: every batch shape once (ONNX Runtime's first run of a shape allocates).
            for (int n : counts) {
                batched(model, jobs(n, w, h, 1, g, 999));
            }
            model.generate(ImageJob.text("warm-up", w, h, 1, g, 999), GenerationListener.NONE, CancelToken.NEVER);
            OptionalDouble ratio = model.batchRatio();
            out.printf(
                    Locale.ROOT,
                    "unet call of 2 images / 1 image at %dx%d: %s (engine.batch auto batches below %.1f)%n",
                    d.width(),
                    d.height(),
                    ratio.isPresent() ? String.format(Locale.ROOT, "%.2fx", ratio.getAsDouble()) : "n/a (memory)",
                    BatchMode.AUTO_RATIO);
            ObjectNode report = JsonMapper.shared().createObjectNode();
            report.put("model", model.info().name());
            report.put("options", tuning.describe());
            ratio.ifPresent(r -> report.put("two_to_one_call_ratio", r));
            var rows = report.putArray("counts");
            out.printf(
                    "%3s %11s %9s %11s %9s %8s %12s %12s %9s%n",
                    "n",
                    "batched s",
                    "images/s",
                    "one-by-one",
                    "images/s",
                    "speed-up",
                    "RSS batched",
                    "RSS 1-by-1",
                    "max diff");
            for (int n : counts) {
                List<ImageJob> jobs = jobs(n, w, h, steps, g, 1000);
                double batchedSeconds = Double.MAX_VALUE;
                double soloSeconds = Double.MAX_VALUE;
                List<GeneratedImage> together = List.of();
                List<GeneratedImage> alone = List.of();
                PeakMemory.reset();
                for (int r = 0; r < runs; r++) {
                    long start = System.nanoTime();
                    together = batched(model, jobs);
                    batchedSeconds = Math.min(batchedSeconds, (System.nanoTime() - start) / 1e9);
                }
                OptionalLong batchedPeak = PeakMemory.peakBytes();
                PeakMemory.reset();
                for (int r = 0; r < runs; r++) {
                    long start = System.nanoTime();
                    alone = new ArrayList<>();
                    for (ImageJob job : jobs) {
                        alone.add(model.generate(job, GenerationListener.NONE, CancelToken.NEVER));
                    }
                    soloSeconds = Math.min(soloSeconds, (System.nanoTime() - start) / 1e9);
                }
                OptionalLong soloPeak = PeakMemory.peakBytes();
                int diff = 0;
                for (int k = 0; k < n; k++) {
                    diff = Math.max(
                            diff,
                            maxDifference(together.get(k).image(), alone.get(k).image()));
                }
                out.printf(
                        Locale.ROOT,
                        "%3d %11.2f %9.3f %11.2f %9.3f %7.2fx %12s %12s %9d%n",
                        n,
                        batchedSeconds,
                        n / batchedSeconds,
                        soloSeconds,
                        n / soloSeconds,
                        soloSeconds / batchedSeconds,
                        PeakMemory.format(batchedPeak),
                        PeakMemory.format(soloPeak),
                        diff);
                ObjectNode row = JsonMapper.shared().createObjectNode();
                rows.add(row);
                row.put("n", n);
                row.put("batched_s", batchedSeconds);
                row.put("batched_images_per_s", n / batchedSeconds);
                row.put("one_by_one_s", soloSeconds);
                row.put("one_by_one_images_per_s", n / soloSeconds);
                batchedPeak.ifPresent(b -> row.put("batched_peak_rss_bytes", b));
                soloPeak.ifPresent(b -> row.put("one_by_one_peak_rss_bytes", b));
                row.put("max_pixel_difference", diff);
            }
            if (json != null) {
                Files.writeString(json, report.toPrettyString());
            }
            return 0;
        }
    }

    private static List<ImageJob> jobs(int n, int w, int h, int steps, double g, long firstSeed) {
        List<ImageJob> jobs = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            jobs.add(ImageJob.text("a lighthouse on a cliff at dawn", w, h, steps, g, firstSeed + k));
        }
        return jobs;
    }

    private static List<GeneratedImage> batched(DiffusionModel model, List<ImageJob> jobs) {
        List<BatchEntry> entries = jobs.stream()
                .map(j -> new BatchEntry(j, GenerationListener.NONE, CancelToken.NEVER))
                .toList();
        List<GeneratedImage> images = new ArrayList<>();
        for (JobOutcome outcome : model.generateBatch(entries)) {
            switch (outcome) {
                case JobOutcome.Made made -> images.add(made.image());
                case JobOutcome.Failed failed -> throw failed.error();
            }
        }
        return images;
    }

    /** The largest difference of one channel of one pixel. */
    private static int maxDifference(RgbImage a, RgbImage b) {
        byte[] x = a.rgb();
        byte[] y = b.rgb();
        int most = 0;
        for (int i = 0; i < x.length; i++) {
            most = Math.max(most, Math.abs((x[i] & 0xFF) - (y[i] & 0xFF)));
        }
        return most;
    }
}
