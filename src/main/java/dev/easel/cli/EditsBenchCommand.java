package dev.easel.cli;

import dev.easel.engine.CancelToken;
import dev.easel.engine.DiffusionModel;
import dev.easel.engine.EngineCaches;
import dev.easel.engine.GeneratedImage;
import dev.easel.engine.GenerationListener;
import dev.easel.engine.ImageJob;
import dev.easel.engine.Init;
import dev.easel.engine.ModelDefaults;
import dev.easel.engine.OrtRuntime;
import dev.easel.engine.SourceImage;
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
 * Prints per round the latency, cache use, and the PSNR of the never-masked region against round 0.
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

    @Mixin
    DeviceOption device;

    private record Round(long millis, String cache, double psnr, RgbImage image) {}

    @Override
    public Integer call() {
        OrtRuntime runtime = device.runtime();
        List<Round> fast;
        List<Round> naive;
        int w;
        int h;
        int n;
        try (DiffusionModel cached = DiffusionModel.load(run.model, runtime, EngineCaches.defaults())) {
            ModelDefaults d = cached.info().defaults();
            w = run.width(d);
            h = run.height(d);
            n = run.steps(d);
            fast = conversation(cached, w, h, n, true);
        }
        if (naivePath) {
            try (DiffusionModel plain = DiffusionModel.load(run.model, runtime, EngineCaches.none())) {
                naive = conversation(plain, w, h, n, false);
            }
        } else {
            naive = List.of();
        }
        double strength = ImagePlan.editStrength(true, fidelity);
        System.out.printf(
                Locale.ROOT,
                "model %s: %dx%d, %d steps, %d rounds, masked edits at input_fidelity %s "
                        + "(strength %.2f: %d steps each); never-masked region excludes a %d px margin%n",
                run.model.getFileName(),
                w,
                h,
                n,
                rounds,
                fidelity,
                strength,
                Math.max(1, (int) (n * strength)),
                MARGIN);
        System.out.printf(
                "%5s | %10s %8s %20s | %10s %8s %20s%n",
                "round", "Easel ms", "of fresh", "cache, PSNR vs r0", "naive ms", "of fresh", "PSNR vs r0");
        for (int r = 0; r < rounds; r++) {
            Round a = fast.get(r);
            System.out.printf(
                    Locale.ROOT,
                    "%5d | %10d %7.0f%% %9s %10s |",
                    r,
                    a.millis,
                    100.0 * a.millis / fast.getFirst().millis,
                    a.cache,
                    db(a.psnr));
            if (naive.isEmpty()) {
                System.out.println(" (naive path not run)");
            } else {
                Round b = naive.get(r);
                System.out.printf(
                        Locale.ROOT,
                        " %10d %7.0f%% %20s%n",
                        b.millis,
                        100.0 * b.millis / naive.getFirst().millis,
                        db(b.psnr));
            }
        }
        return 0;
    }

    static final int MARGIN = 16;

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
        out.add(new Round((System.nanoTime() - start) / 1_000_000, "-", Double.POSITIVE_INFINITY, round0));
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
                    .withInit(new Init.Edit(source, ImagePlan.editStrength(true, fidelity), new Init.Masked(mask)));
            start = System.nanoTime();
            current = m.generate(job, GenerationListener.NONE, CancelToken.NEVER);
            shown = easel ? current.image() : m.decode(current.latents());
            long millis = (System.nanoTime() - start) / 1_000_000;
            String cache = easel
                    ? (current.cacheUse().sourceLatentsReused() ? "latents" : "-") + "+"
                            + current.cacheUse().promptsCached() + "/"
                            + current.cacheUse().promptsNeeded()
                    : "none";
            out.add(new Round(millis, cache, neverMaskedPsnr(shown, round0, masks), shown));
        }
        return out;
    }

    /** The r-th cell of a 4×3 grid (a different region every round, wrapping after 12). */
    private static Mask cell(int r, int w, int h) {
        int col = (r - 1) % 4;
        int row = ((r - 1) / 4) % 3;
        int x0 = col * w / 4;
        int x1 = (col + 1) * w / 4;
        int y0 = row * h / 3;
        int y1 = (row + 1) * h / 3;
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

    private static String db(double psnr) {
        if (Double.isNaN(psnr)) {
            return "n/a";
        }
        return Double.isInfinite(psnr) ? "identical" : String.format(Locale.ROOT, "%.1f dB", psnr);
    }
}
