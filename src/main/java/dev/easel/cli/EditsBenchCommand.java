package dev.easel.cli;

import dev.easel.engine.CancelToken;
import dev.easel.engine.DiffusionModel;
import dev.easel.engine.EngineCaches;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.GenerationListener;
import dev.easel.engine.ImageJob;
import dev.easel.engine.Init;
import dev.easel.engine.InpaintArea;
import dev.easel.engine.ModelDefaults;
import dev.easel.engine.OrtRuntime;
import dev.easel.engine.RunOptions;
import dev.easel.engine.SourceImage;
import dev.easel.engine.Stage;
import dev.easel.engine.StageTimings;
import dev.easel.images.ImagePlan;
import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code easel bench edits --model DIR --rounds 10}: a multi-round edit conversation in which every
 * round masks a different region, run twice: as the server runs it (each round starts from the
 * previous image's exact latents, prompts and latents cached, source pixels pasted back outside
 * the mask), and naively (each round decodes, re-encodes the pixels, no caches, no paste-back).
 * Prints per round the latency and its share of the fresh generation (round 0), where Easel's time
 * went (UNet steps, VAE decode, paste-back), the share of the latents it decoded (a small mask
 * decodes only the region around it), cache use, the PSNR of the never-masked region against
 * round 0, and the PSNR of the region-decoded mask against a full decode of the same latents.
 */
@Command(
        name = "edits",
        mixinStandardHelpOptions = true,
        description = "Benchmark a multi-round masked edit conversation.")
final class EditsBenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions run;

    @Option(
            names = "--rounds",
            defaultValue = "10",
            description = "Rounds, round 0 included (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--fidelity",
            defaultValue = "high",
            description = "input_fidelity of the edits: low or high (default: ${DEFAULT-VALUE}).")
    String fidelity;

    @Option(
            names = "--naive",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Also run the naive conversation for comparison (default: ${DEFAULT-VALUE}).")
    boolean naivePath;

    @Option(
            names = "--grid",
            defaultValue = "4x3",
            converter = SizeConverter.class,
            description = "Round r masks cell r of a COLSxROWS grid, e.g. 3x3 for a ninth (default: ${DEFAULT-VALUE}).")
    SizeConverter.Size grid;

    @Option(names = "--around-mask", description = "Denoise only a crop around each mask (inpaint_area around_mask).")
    boolean aroundMask;

    @Option(
            names = "--compare-decode",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "After each round (untimed), decode all its latents and compare the mask's "
                    + "interior with the region decode (default: ${DEFAULT-VALUE}).")
    boolean compareDecode;

    @Mixin
    DeviceOption device;

    /**
     * One round: its latency, the stage times and decoded share of Easel's path, cache use, PSNR
     * of the never-masked region against round 0 and of the mask's interior against a full decode.
     */
    private record Round(
            long millis, StageTimings timings, String cache, double psnr, double decodePsnr, RgbImage image) {}

    @Override
    public Integer call() {
        if (grid.width() < 1 || grid.height() < 1) {
            throw new IllegalArgumentException("--grid needs at least one column and one row: " + grid);
        }
        OrtRuntime runtime = device.runtime();
        List<Round> fast;
        List<Round> naive;
        int w;
        int h;
        int n;
        try (DiffusionModel cached = DiffusionModel.load(run.folder(), runtime, EngineCaches.defaults())) {
            ModelDefaults d = cached.info().defaults();
            w = run.width(d);
            h = run.height(d);
            n = run.steps(d);
            fast = conversation(cached, w, h, n, true);
        }
        if (naivePath) {
            try (DiffusionModel plain = DiffusionModel.load(run.folder(), runtime, EngineCaches.none())) {
                naive = conversation(plain, w, h, n, false);
            }
        } else {
            naive = List.of();
        }
        double strength = ImagePlan.editStrength(true, fidelity);
        System.out.printf(
                Locale.ROOT,
                "model %s: %dx%d, %d steps, %d rounds, masked edits of a %dx%d grid's cells at input_fidelity %s "
                        + "(strength %.2f: %d steps each), UNet on %s; never-masked region excludes a %d px margin%n",
                run.folder().getFileName(),
                w,
                h,
                n,
                rounds,
                grid.width(),
                grid.height(),
                fidelity,
                strength,
                Math.max(1, (int) (n * strength)),
                aroundMask ? "a crop around the mask" : "the whole picture",
                MARGIN);
        System.out.printf(
                "%5s | %9s %8s %8s %8s %8s %8s %11s %10s %9s | %9s %8s %10s%n",
                "round",
                "Easel ms",
                "of fresh",
                "unet ms",
                "vae ms",
                "paste ms",
                "decoded",
                "cache",
                "PSNR vs r0",
                "vs full",
                "naive ms",
                "of fresh",
                "PSNR vs r0");
        for (int r = 0; r < rounds; r++) {
            Round a = fast.get(r);
            StageTimings t = a.timings;
            System.out.printf(
                    Locale.ROOT,
                    "%5d | %9d %7.0f%% %8d %8d %8d %8s %11s %10s %9s |",
                    r,
                    a.millis,
                    100.0 * a.millis / fast.getFirst().millis,
                    t.nanos(Stage.UNET) / 1_000_000,
                    t.nanos(Stage.VAE_DECODER) / 1_000_000,
                    t.nanos(Stage.COMPOSITE) / 1_000_000,
                    decodedShare(t, w, h),
                    a.cache,
                    db(a.psnr),
                    db(a.decodePsnr));
            if (naive.isEmpty()) {
                System.out.println(" (naive path not run)");
            } else {
                Round b = naive.get(r);
                System.out.printf(
                        Locale.ROOT,
                        " %9d %7.0f%% %10s%n",
                        b.millis,
                        100.0 * b.millis / naive.getFirst().millis,
                        db(b.psnr));
            }
        }
        return 0;
    }

    /** The share of the latent grid the round's final decode covered. */
    private static String decodedShare(StageTimings t, int w, int h) {
        return t.decodedRegion()
                .map(r -> String.format(Locale.ROOT, "%.0f%%", 100.0 * r.area() / ((w / 8) * (h / 8))))
                .orElse("-");
    }

    static final int MARGIN = 16;
    /** Beyond the paste-back feather (4 px) inside a rectangular mask. */
    static final int INTERIOR = 5;

    private List<Round> conversation(DiffusionModel m, int w, int h, int n, boolean easel) {
        List<Round> out = new ArrayList<>();
        List<Mask> masks = new ArrayList<>();
        // Warm-up (JIT, ONNX Runtime's first-run allocations), so round 0 is a fair "fresh generation".
        m.generate(
                ImageJob.text("warm-up", w, h, 1, m.info().defaults().guidanceScale(), 0),
                GenerationListener.NONE,
                CancelToken.NEVER);
        long start = System.nanoTime();
        GeneratedImage current = m.generate(
                ImageJob.text(
                        "a harbour town at dusk, round 0",
                        w,
                        h,
                        n,
                        m.info().defaults().guidanceScale(),
                        1),
                GenerationListener.NONE,
                CancelToken.NEVER);
        RgbImage round0 = easel ? current.image() : m.decode(current.latents());
        RgbImage shown = round0;
        out.add(new Round(
                (System.nanoTime() - start) / 1_000_000,
                current.timings(),
                "-",
                Double.POSITIVE_INFINITY,
                Double.NaN,
                round0));
        for (int r = 1; r < rounds; r++) {
            Mask mask = cell(r, w, h);
            masks.add(mask);
            SourceImage source =
                    easel ? new SourceImage.Known(shown, current.latents()) : new SourceImage.PixelsOnly(shown);
            ImageJob job = ImageJob.text(
                            "a harbour town at dusk, change " + r,
                            w,
                            h,
                            n,
                            m.info().defaults().guidanceScale(),
                            1 + r)
                    .withInit(new Init.Edit(source, ImagePlan.editStrength(true, fidelity), new Init.Masked(mask)))
                    .withOptions(RunOptions.DEFAULTS.withInpaintArea(area()));
            start = System.nanoTime();
            current = m.generate(job, GenerationListener.NONE, CancelToken.NEVER);
            shown = easel ? current.image() : m.decode(current.latents());
            long millis = (System.nanoTime() - start) / 1_000_000;
            String cache = easel
                    ? (current.cacheUse().sourceLatentsReused() ? "latents" : "-") + "+"
                            + current.cacheUse().promptsCached() + "/"
                            + current.cacheUse().promptsNeeded()
                    : "none";
            double decodePsnr =
                    easel && compareDecode ? interiorPsnr(shown, m.decode(current.latents()), mask) : Double.NaN;
            out.add(new Round(
                    millis, current.timings(), cache, neverMaskedPsnr(shown, round0, masks), decodePsnr, shown));
        }
        return out;
    }

    private InpaintArea area() {
        return aroundMask ? InpaintArea.AROUND_MASK : InpaintArea.WHOLE_PICTURE;
    }

    /** The r-th cell of the grid (a different region every round, wrapping after all cells). */
    private Mask cell(int r, int w, int h) {
        int cols = grid.width();
        int rows = grid.height();
        int col = (r - 1) % cols;
        int row = ((r - 1) / cols) % rows;
        int x0 = col * w / cols;
        int x1 = (col + 1) * w / cols;
        int y0 = row * h / rows;
        int y1 = (row + 1) * h / rows;
        float[] v = new float[w * h];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                v[y * w + x] = 1f;
            }
        }
        return new Mask(w, h, v);
    }

    /** PSNR over pixels farther than {@link #MARGIN} from every mask so far (infinite when identical). */
    static double neverMaskedPsnr(RgbImage a, RgbImage b, List<Mask> masks) {
        int w = a.width();
        int h = a.height();
        boolean[] near = new boolean[w * h];
        for (Mask m : masks) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (m.values()[y * w + x] >= 0.5f) {
                        for (int yy = Math.max(0, y - MARGIN); yy <= Math.min(h - 1, y + MARGIN); yy++) {
                            int rowStart = yy * w;
                            for (int xx = Math.max(0, x - MARGIN); xx <= Math.min(w - 1, x + MARGIN); xx++) {
                                near[rowStart + xx] = true;
                            }
                        }
                    }
                }
            }
        }
        double se = 0;
        long count = 0;
        for (int i = 0; i < w * h; i++) {
            if (!near[i]) {
                for (int c = 0; c < 3; c++) {
                    double d = (a.rgb()[i * 3 + c] & 0xFF) - (b.rgb()[i * 3 + c] & 0xFF);
                    se += d * d;
                }
                count += 3;
            }
        }
        if (count == 0) {
            return Double.NaN;
        }
        return se == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / (se / count));
    }

    /**
     * PSNR of {@code a} against {@code b} over the mask's interior, {@link #INTERIOR} px in from its
     * edge, where the paste-back alpha is 1 and the picture is the decoder's output alone.
     */
    static double interiorPsnr(RgbImage a, RgbImage b, Mask mask) {
        int w = a.width();
        int h = a.height();
        double se = 0;
        long count = 0;
        for (int y = INTERIOR; y < h - INTERIOR; y++) {
            for (int x = INTERIOR; x < w - INTERIOR; x++) {
                if (mask.changes(x, y)
                        && mask.changes(x - INTERIOR, y - INTERIOR)
                        && mask.changes(x + INTERIOR, y + INTERIOR)
                        && mask.changes(x - INTERIOR, y + INTERIOR)
                        && mask.changes(x + INTERIOR, y - INTERIOR)) {
                    for (int c = 0; c < 3; c++) {
                        double d = a.at(x, y, c) - b.at(x, y, c);
                        se += d * d;
                    }
                    count += 3;
                }
            }
        }
        if (count == 0) {
            return Double.NaN;
        }
        return se == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / (se / count));
    }

    private static String db(double psnr) {
        if (Double.isNaN(psnr)) {
            return "n/a";
        }
        return Double.isInfinite(psnr) ? "identical" : String.format(Locale.ROOT, "%.1f dB", psnr);
    }
}
