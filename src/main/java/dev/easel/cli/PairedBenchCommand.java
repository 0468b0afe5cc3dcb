package dev.easel.cli;

import dev.easel.engine.CancelToken;
import dev.easel.engine.DiffusionModel;
import dev.easel.engine.FinalDecoder;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.GenerationListener;
import dev.easel.engine.ImageJob;
import dev.easel.engine.ModelDefaults;
import dev.easel.engine.RunOptions;
import dev.easel.engine.Stage;
import dev.easel.engine.UnetPrecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code easel bench paired --model DIR --unet-precision int8 ...}: float32 against the speed
 * options of the flags in one process, run by run in A B B A order, so that whatever the machine
 * does meanwhile (other load, a noisy neighbour, thermal limits) weighs on both alike: the
 * speed-up printed is the mean of the pairs' ratios, with its spread. Both arms share the
 * process's memory settings ({@code --memory}, {@code --fuse-attention}); the UNet copies, the
 * decoders and the guidance interval differ per run (they are per-request options).
 */
@Command(
        name = "paired",
        mixinStandardHelpOptions = true,
        description = "Float32 against the speed options of the flags, interleaved in one process.")
final class PairedBenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions run;

    @Mixin
    TuningOptions tuning;

    @Option(
            names = "--pairs",
            defaultValue = "2",
            description = "Measured pairs per step count, after one warm-up of each arm (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(
            names = "--steps-list",
            split = ",",
            defaultValue = "4,20",
            description = "Step counts (default: ${DEFAULT-VALUE}).")
    List<Integer> stepsList;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() {
        // The process's memory settings come from the flags; both arms' per-run options are explicit.
        var processTuning = tuning.tuning();
        RunOptions reference = RunOptions.DEFAULTS
                .withPrecision(UnetPrecision.FP32)
                .withDecoder(FinalDecoder.VAE)
                .withGuidanceInterval(1);
        RunOptions fast = RunOptions.DEFAULTS
                .withPrecision(processTuning.precision())
                .withDecoder(processTuning.decoder())
                .withGuidanceInterval(processTuning.guidanceInterval());
        try (DiffusionModel model =
                DiffusionModel.load(run.folder(), device.runtime().withTuning(processTuning))) {
            ModelDefaults d = model.info().defaults();
            int w = run.width(d);
            int h = run.height(d);
            double g = d.guidanceScale();
            System.out.printf(
                    Locale.ROOT,
                    "model %s on %s: %dx%d, guidance %.1f; float32 against %s, %d pairs (A B B A) per step count%n",
                    model.info().name(),
                    model.info().device(),
                    w,
                    h,
                    g,
                    tuning.describe(),
                    pairs);
            for (RunOptions arm : List.of(reference, fast)) {
                model.generate(
                        ImageJob.text("warm-up", w, h, 1, g, 999).withOptions(arm),
                        GenerationListener.NONE,
                        CancelToken.NEVER);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%5s %-9s %12s %9s %11s   %s%n",
                    "steps",
                    "arm",
                    "unet s/step",
                    "vae s",
                    "end-to-end",
                    "speed-up per pair");
            for (int steps : stepsList) {
                List<GeneratedImage> a = new ArrayList<>();
                List<GeneratedImage> b = new ArrayList<>();
                for (int p = 0; p < pairs; p++) {
                    ImageJob job = ImageJob.text("a lighthouse on a cliff at dawn", w, h, steps, g, 1000 + p);
                    boolean referenceFirst = p % 2 == 0;
                    for (int k = 0; k < 2; k++) {
                        boolean isReference = (k == 0) == referenceFirst;
                        GeneratedImage made = model.generate(
                                job.withOptions(isReference ? reference : fast),
                                GenerationListener.NONE,
                                CancelToken.NEVER);
                        (isReference ? a : b).add(made);
                    }
                }
                double[] ratios = new double[pairs];
                for (int p = 0; p < pairs; p++) {
                    ratios[p] = seconds(a.get(p)) / seconds(b.get(p));
                }
                row(steps, "fp32", a, "");
                row(steps, "options", b, ratios(ratios));
            }
            return 0;
        }
    }

    private static void row(int steps, String arm, List<GeneratedImage> runs, String tail) {
        double unet = runs.stream()
                .flatMap(r -> r.timings().unetStepNanos().stream())
                .mapToLong(Long::longValue)
                .average()
                .orElse(0);
        double vae = runs.stream()
                .mapToDouble(r -> r.timings().nanos(Stage.VAE_DECODER))
                .average()
                .orElse(0);
        double total =
                runs.stream().mapToDouble(PairedBenchCommand::seconds).average().orElse(0);
        System.out.printf(
                Locale.ROOT, "%5d %-9s %12.3f %9.2f %11.2f   %s%n", steps, arm, unet / 1e9, vae / 1e9, total, tail);
    }

    private static String ratios(double[] ratios) {
        double mean = java.util.Arrays.stream(ratios).average().orElse(0);
        double min = java.util.Arrays.stream(ratios).min().orElse(0);
        double max = java.util.Arrays.stream(ratios).max().orElse(0);
        return String.format(Locale.ROOT, "%.2fx (%.2f to %.2f)", mean, min, max);
    }

    private static double seconds(GeneratedImage made) {
        return made.timings().totalNanos() / 1e9;
    }
}
