package dev.easel.safety.watermark;

import dev.easel.media.RgbImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds the mark in a picture that may have been re-encoded, resized, cropped or brightened.
 *
 * <ol>
 *   <li>The picture is seen as {@link View} sees it: scaled down, its luma whitened and weighted.
 *   <li>For each candidate tile period, from the embedded one (a fixed fraction of the shorter
 *       side, whatever the resize) to what a crop of {@link #MAX_CROP} of that side leaves, the
 *       residual is folded modulo the period into one tile sampled {@link #SAMPLES_PER_CELL}× per
 *       cell and correlated by FFT with the synchronisation pattern at every cyclic shift (a crop
 *       is a cyclic shift of the fold). A coarse pass over all periods is refined around its best
 *       peaks. A peak's z-score is against the other shifts of its period.
 *   <li>At the best (period, shift) pairs the cells are read, the synchronisation chips' share
 *       removed, each coded bit's soft value summed over its cells and the payload decoded: a
 *       valid CRC is a find.
 * </ol>
 * Cost: per period searched (about 70), one fold (a pass over at most 192×384 pixels) and half of
 * a forward and an inverse 64×64 FFT (two periods share one complex transform).
 */
final class Detector {

    static final int SAMPLES_PER_CELL = 4;
    static final int GRID = Tile.SIDE * SAMPLES_PER_CELL;
    /** The largest crop of the shorter side searched for. */
    static final double MAX_CROP = 0.25;
    /** Peaks at least this strong have their payload read. */
    static final double Z_DECODE = 4.0;
    /** A peak this strong is a mark even when its payload does not decode (unmarked pictures stay under 6). */
    static final double Z_ALONE = 7.5;
    /**
     * How many of the best peaks have their payload read, besides the embedded period's (each
     * read is a 2⁻¹⁶ chance of a false CRC match).
     */
    static final int TRIES = 3;
    /** How many of the coarse pass's best periods the fine pass searches around. */
    static final int REFINED = 4;
    /** Half-width, in samples, of a peak's own neighbourhood, left out of its background statistics. */
    static final int EXCLUDE = SAMPLES_PER_CELL + 1;

    private static final Fft FFT = new Fft(GRID);
    /** High-pass transfer of the fold domain: 1 − Gaussian one cell wide. */
    private static final double[] HIGH_PASS = highPass();
    /** conj(FFT(synchronisation pattern)) × high pass: the search's matched filter. */
    private static final double[][] SYNC_SPECTRUM = syncSpectrum();
    /** The same filter in the fold's samples, for {@link #syncAt}. */
    private static final double[] SYNC_TEMPLATE = syncTemplate();

    private Detector() {}

    /** A correlation peak: the tile period (work pixels), the fold's cyclic shift (samples) and its z-score. */
    record Peak(double period, int shiftX, int shiftY, double z) {}

    /** What the search found: its peaks, best first, the payload read at one of them, and how many hypotheses it weighed. */
    record Search(List<Peak> peaks, Optional<Payload> payload, double hypotheses) {}

    static Detection detect(RgbImage image) {
        if (Math.min(image.width(), image.height()) < Watermark.MIN_SIDE) {
            return Detection.absent(0);
        }
        Search search = search(View.of(image).centre());
        Peak best = search.peaks().getFirst();
        double chance = Math.min(1, search.hypotheses() * tail(best.z()));
        if (search.payload().isPresent()) {
            return new Detection(true, search.payload(), 1 - chance * (TRIES + 1) / 65536.0);
        }
        return best.z() >= Z_ALONE ? new Detection(true, Optional.empty(), 1 - chance) : Detection.absent(1 - chance);
    }

    static Search search(View view) {
        Plane residual = view.residual();
        double shortest = view.period();
        double longestPeriod = shortest / (1 - MAX_CROP);
        // Folding at a period off by a fraction e drifts by e × (distance from the origin): the
        // coarse pass lets that reach one cell at the far edge, the fine pass a quarter cell.
        double cell = shortest / Tile.SIDE;
        double coarse = 1 + cell / view.longest();
        double fine = 1 + cell / (4.0 * view.longest());
        double hypotheses = Math.log(longestPeriod / shortest) / Math.log(fine) * GRID * GRID;
        // An uncropped picture, resized or not, has its mark at exactly the embedded period: most
        // are read there at once (one more CRC try, counted in the confidence).
        Peak exact = correlate(residual, List.of(shortest)).getFirst();
        if (exact.z() >= Z_DECODE) {
            Optional<Payload> payload = PayloadCode.decode(soft(residual, exact));
            if (payload.isPresent()) {
                return new Search(List.of(exact), payload, hypotheses);
            }
        }
        List<Double> periods = new ArrayList<>();
        for (double p = shortest; p <= longestPeriod * coarse; p *= coarse) {
            periods.add(p);
        }
        List<Peak> peaks = new ArrayList<>(correlate(residual, periods));
        peaks.sort(Comparator.comparingDouble(Peak::z).reversed());
        List<Double> around = new ArrayList<>();
        for (Peak peak : peaks.subList(0, Math.min(REFINED, peaks.size()))) {
            for (double p = peak.period() / coarse * fine; p < peak.period() * coarse; p *= fine) {
                if (Math.abs(p / peak.period() - 1) > (fine - 1) / 2) {
                    around.add(p);
                }
            }
        }
        peaks.addAll(correlate(residual, around));
        peaks.sort(Comparator.comparingDouble(Peak::z).reversed());
        for (Peak peak : peaks.subList(0, Math.min(TRIES, peaks.size()))) {
            if (peak.z() < Z_DECODE) {
                break;
            }
            Optional<Payload> payload = PayloadCode.decode(soft(residual, peak));
            if (payload.isPresent()) {
                return new Search(peaks, payload, hypotheses);
            }
        }
        return new Search(peaks, Optional.empty(), hypotheses);
    }

    /**
     * The best cyclic shift of the synchronisation pattern at each period. Two periods share one
     * complex FFT: both folds are real and so is the filter, so the real and imaginary parts of
     * the inverse are the two correlations.
     */
    static List<Peak> correlate(Plane residual, List<Double> periods) {
        List<Peak> out = new ArrayList<>(periods.size());
        for (int k = 0; k < periods.size(); k += 2) {
            double[] re = fold(residual, periods.get(k));
            double[] im = k + 1 < periods.size() ? fold(residual, periods.get(k + 1)) : new double[re.length];
            FFT.forward(re, im);
            for (int i = 0; i < re.length; i++) {
                double a = re[i];
                double b = im[i];
                re[i] = a * SYNC_SPECTRUM[0][i] - b * SYNC_SPECTRUM[1][i];
                im[i] = a * SYNC_SPECTRUM[1][i] + b * SYNC_SPECTRUM[0][i];
            }
            FFT.inverse(re, im);
            out.add(peak(periods.get(k), re));
            if (k + 1 < periods.size()) {
                out.add(peak(periods.get(k + 1), im));
            }
        }
        return out;
    }

    private static Peak peak(double period, double[] correlation) {
        int arg = 0;
        for (int i = 0; i < correlation.length; i++) {
            if (correlation[i] > correlation[arg]) {
                arg = i;
            }
        }
        // The background: every shift but the peak's neighbourhood (the pattern's own correlation is a few samples
        // wide).
        int px = arg % GRID;
        int py = arg / GRID;
        double sum = 0;
        double squares = 0;
        int count = 0;
        for (int i = 0; i < correlation.length; i++) {
            int dx = Math.abs(i % GRID - px);
            int dy = Math.abs(i / GRID - py);
            if (Math.min(dx, GRID - dx) <= EXCLUDE && Math.min(dy, GRID - dy) <= EXCLUDE) {
                continue;
            }
            sum += correlation[i];
            squares += correlation[i] * correlation[i];
            count++;
        }
        double mean = sum / count;
        double sd = Math.sqrt(Math.max(1e-30, squares / count - mean * mean));
        return new Peak(period, px, py, (correlation[arg] - mean) / sd);
    }

    /** The synchronisation pattern's correlation with the residual folded at this period, unshifted. */
    static double syncAt(Plane residual, double period) {
        double[] folded = fold(residual, period);
        double sum = 0;
        for (int i = 0; i < folded.length; i++) {
            sum += folded[i] * SYNC_TEMPLATE[i];
        }
        return sum;
    }

    /** The residual summed modulo the period into GRID×GRID bins (bin g covers [g, g+1)·period/GRID). */
    static double[] fold(Plane residual, double period) {
        int w = residual.width();
        int h = residual.height();
        int[] bx = bins(w, period);
        int[] by = bins(h, period);
        double[] out = new double[GRID * GRID];
        float[] v = residual.values();
        for (int y = 0; y < h; y++) {
            int row = by[y] * GRID;
            int src = y * w;
            for (int x = 0; x < w; x++) {
                out[row + bx[x]] += v[src + x];
            }
        }
        return out;
    }

    private static int[] bins(int length, double period) {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            double t = (i + 0.5) % period;
            out[i] = Math.min(GRID - 1, (int) (t / period * GRID));
        }
        return out;
    }

    /**
     * One soft value per coded bit at this peak, positive for a 0: each cell's value read with the
     * embedder's bilinear hat from the high-passed fold, less its synchronisation chip's share,
     * times its carrier, summed over the bit's cells. Linear in the residual.
     */
    static double[] soft(Plane residual, Peak peak) {
        double[] re = fold(residual, peak.period());
        double[] im = new double[re.length];
        FFT.forward(re, im);
        for (int i = 0; i < re.length; i++) {
            re[i] *= HIGH_PASS[i];
            im[i] *= HIGH_PASS[i];
        }
        FFT.inverse(re, im);
        Tile tile = Watermark.TILE;
        double[] estimate = new double[Tile.CELLS];
        double syncShare = 0;
        int s = SAMPLES_PER_CELL;
        for (int cy = 0; cy < Tile.SIDE; cy++) {
            for (int cx = 0; cx < Tile.SIDE; cx++) {
                double e = 0;
                // The hat of cell c covers the samples whose centres lie within one cell of c's.
                for (int gy = s * cy - s / 2; gy < s * cy + s + s / 2; gy++) {
                    double wy = hat((gy + 0.5) / s - 0.5 - cy);
                    int row = Math.floorMod(gy + peak.shiftY(), GRID) * GRID;
                    for (int gx = s * cx - s / 2; gx < s * cx + s + s / 2; gx++) {
                        double wx = hat((gx + 0.5) / s - 0.5 - cx);
                        e += wx * wy * re[row + Math.floorMod(gx + peak.shiftX(), GRID)];
                    }
                }
                int i = cy * Tile.SIDE + cx;
                estimate[i] = e;
                syncShare += e * tile.sync[i];
            }
        }
        syncShare /= Tile.CELLS;
        double[] soft = new double[PayloadCode.CODED_BITS];
        for (int i = 0; i < Tile.CELLS; i++) {
            soft[tile.bitOf[i]] += tile.carrier[i] * (estimate[i] - syncShare * tile.sync[i]);
        }
        return soft;
    }

    private static double hat(double d) {
        return Math.max(0, 1 - Math.abs(d));
    }

    private static double[] highPass() {
        double[] out = new double[GRID * GRID];
        double sigma = SAMPLES_PER_CELL;
        for (int ky = 0; ky < GRID; ky++) {
            double fy = (ky < GRID / 2 ? ky : ky - GRID) / (double) GRID;
            double gy = Math.exp(-2 * Math.PI * Math.PI * sigma * sigma * fy * fy);
            for (int kx = 0; kx < GRID; kx++) {
                double fx = (kx < GRID / 2 ? kx : kx - GRID) / (double) GRID;
                double gx = Math.exp(-2 * Math.PI * Math.PI * sigma * sigma * fx * fx);
                out[ky * GRID + kx] = 1 - gx * gy;
            }
        }
        return out;
    }

    /** The synchronisation chips rendered as the embedder renders them, at the fold's samples, filtered. */
    private static double[][] syncSpectrum() {
        double[] cells = new double[Tile.CELLS];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = Watermark.TILE.sync[i];
        }
        // The fold's sample g sits at the pattern's position (g + 0.5) / s cells: a GRID-wide
        // picture with cells s samples wide renders exactly there.
        double[] re = new double[GRID * GRID];
        float[] rendered = Embedder.render(GRID, GRID, SAMPLES_PER_CELL, cells).values();
        for (int i = 0; i < re.length; i++) {
            re[i] = rendered[i];
        }
        double[] im = new double[GRID * GRID];
        FFT.forward(re, im);
        for (int i = 0; i < re.length; i++) {
            re[i] *= HIGH_PASS[i];
            im[i] = -im[i] * HIGH_PASS[i];
        }
        return new double[][] {re, im};
    }

    private static double[] syncTemplate() {
        double[] re = SYNC_SPECTRUM[0].clone();
        double[] im = SYNC_SPECTRUM[1].clone();
        for (int i = 0; i < im.length; i++) {
            im[i] = -im[i];
        }
        FFT.inverse(re, im);
        return re;
    }

    /** P(Z > z) for a standard normal Z (Numerical Recipes' erfc, relative error < 1.2e-7). */
    static double tail(double z) {
        double x = z / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double poly = -1.26551223
                + t
                        * (1.00002368
                                + t
                                        * (0.37409196
                                                + t
                                                        * (0.09678418
                                                                + t
                                                                        * (-0.18628806
                                                                                + t
                                                                                        * (0.27886807
                                                                                                + t
                                                                                                        * (-1.13520398
                                                                                                                + t
                                                                                                                        * (1.48851973
                                                                                                                                + t
                                                                                                                                        * (-0.82215223
                                                                                                                                                + t
                                                                                                                                                        * 0.17087277))))))));
        double erfc = t * Math.exp(-x * x + poly);
        return 0.5 * (x >= 0 ? erfc : 2 - erfc);
    }
}
