package dev.easel.safety.watermark;

import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import dev.easel.media.Rounding;
import java.util.Optional;

/**
 * Informed embedding: the mark's cells get the amplitudes that make the detector read each coded
 * bit (and the synchronisation pattern) with a margin in this very picture, at a fixed total
 * energy. The detector's linear chain is run over the unmarked picture to learn how much the
 * picture itself pushes each bit's soft value, and over the unit mark to learn each bit's own
 * response; bits the picture opposes get more energy, bits it already favours less. This is the
 * host-interference rejection of Malvar and Florêncio's improved spread spectrum ("Improved spread
 * spectrum: a new modulation technique for robust watermarking", IEEE TSP 2003) with a margin in
 * the style of Miller, Cox and Bloom ("Informed embedding", ACM Multimedia 2000).
 */
final class Embedder {
    /** Margin asked of every coded bit, in multiples of the plain mark's response. */
    static final double MARGIN = 1.5;
    /** The least amplitude of a coded bit, in multiples of the plain one (a bit the picture already favours). */
    static final double LEAST = 0.4;
    /** The most amplitude of a coded bit, in multiples of the plain one (past it, the code corrects the bit). */
    static final double MOST = 3;
    /** Closed-loop rounds of a full embedding: each runs the whole mark through the detector's chain once. */
    static final int ROUNDS = 4;

    private Embedder() {}

    /**
     * The picture marked where {@code region} changes (everywhere when empty), the gains refined
     * by {@code rounds} closed-loop rounds (0: open loop, each bit informed by its own response).
     */
    static RgbImage embed(RgbImage image, Payload payload, Optional<Mask> region, int rounds) {
        if (Math.min(image.width(), image.height()) < Watermark.MIN_SIDE) {
            return image;
        }
        return add(image, cells(image, PayloadCode.encode(payload), rounds), region);
    }

    /** Cell values in 8-bit levels of luma (before interpolation), informed by the picture. */
    static double[] cells(RgbImage image, int[] symbols) {
        return cells(image, symbols, ROUNDS);
    }

    private static double[] cells(RgbImage image, int[] symbols, int rounds) {
        Tile tile = Watermark.TILE;
        double[] sync = new double[Tile.CELLS];
        double[] data = new double[Tile.CELLS];
        for (int i = 0; i < Tile.CELLS; i++) {
            sync[i] = tile.sync[i];
            data[i] = tile.carrier[i] * symbols[tile.bitOf[i]];
        }
        // The mean square of bilinearly interpolated independent cells is (2/3)² of theirs.
        double target = Watermark.STRENGTH * Watermark.STRENGTH / (4.0 / 9);
        double alpha = Math.sqrt(target);
        View host = View.of(image);
        double period = host.period();
        Detector.Peak at = new Detector.Peak(period, 0, 0, 0);
        double[] hostSoft = Detector.soft(host.residual(), at);
        double hostSync = Detector.syncAt(host.residual(), period);
        double syncUnit = Detector.syncAt(response(host, sync), period);
        double[] dataUnit = Detector.soft(response(host, data), at);
        for (int j = 0; j < dataUnit.length; j++) {
            dataUnit[j] *= symbols[j]; // each bit's own response to a unit amplitude, positive
        }

        // Open loop: each bit on its own, then the energy brought back to the target.
        double syncUnitAt = alpha * Tile.SYNC_WEIGHT * syncUnit;
        double syncGain = gain(1, hostSync, syncUnitAt, syncUnitAt);
        double[] bitGain = new double[PayloadCode.CODED_BITS];
        for (int j = 0; j < bitGain.length; j++) {
            double unit = alpha * Tile.DATA_WEIGHT * dataUnit[j];
            bitGain[j] = gain(1, symbols[j] * hostSoft[j], unit, unit);
        }
        alpha = normalised(target, sync, data, syncGain, bitGain);
        // Closed loop: the whole mark through the chain (crosstalk between cells included).
        for (int round = 0; round < rounds; round++) {
            Plane marked = response(host, values(alpha, sync, data, syncGain, bitGain));
            double[] soft = Detector.soft(marked, at);
            syncGain = gain(syncGain, hostSync, Detector.syncAt(marked, period), alpha * Tile.SYNC_WEIGHT * syncUnit);
            for (int j = 0; j < bitGain.length; j++) {
                bitGain[j] = gain(
                        bitGain[j],
                        symbols[j] * hostSoft[j],
                        symbols[j] * soft[j],
                        alpha * Tile.DATA_WEIGHT * dataUnit[j]);
            }
            alpha = normalised(target, sync, data, syncGain, bitGain);
        }
        return values(alpha, sync, data, syncGain, bitGain);
    }

    /**
     * The gain that gives a bit its margin: {@code host} is what the picture adds to the bit's
     * soft value (signed so that positive helps), {@code mark} what the mark at gain {@code now}
     * adds (crosstalk included), {@code unit} what gain 1 adds on its own. A non-positive unit (a
     * bit the chain cannot see) keeps its gain.
     */
    private static double gain(double now, double host, double mark, double unit) {
        if (unit <= 0) {
            return now;
        }
        return Math.clamp(now + (MARGIN * unit - host - mark) / unit, LEAST, MOST);
    }

    private static double[] values(double alpha, double[] sync, double[] data, double syncGain, double[] bitGain) {
        Tile tile = Watermark.TILE;
        double[] cells = new double[Tile.CELLS];
        for (int i = 0; i < Tile.CELLS; i++) {
            cells[i] = alpha
                    * (Tile.SYNC_WEIGHT * syncGain * sync[i] + Tile.DATA_WEIGHT * bitGain[tile.bitOf[i]] * data[i]);
        }
        return cells;
    }

    /** The alpha that gives these gains the target mean square per cell. */
    private static double normalised(double target, double[] sync, double[] data, double syncGain, double[] bitGain) {
        double[] unit = values(1, sync, data, syncGain, bitGain);
        double energy = 0;
        for (double v : unit) {
            energy += v * v;
        }
        return Math.sqrt(target / (energy / unit.length));
    }

    /** What the detector's chain makes of these unit cells alone, weighted as the picture is. */
    private static Plane response(View host, double[] cells) {
        int w = host.residual().width();
        int h = host.residual().height();
        double cell = host.side() / (double) Watermark.CELLS_PER_SIDE;
        Plane pattern = render(w, h, cell, cells);
        return View.whitened(pattern, cell).times(host.weights());
    }

    /** The cells bilinearly interpolated between their centres over a w×h picture, tiled. */
    static Plane render(int w, int h, double cell, double[] cells) {
        Watermark.Axis xs = Watermark.Axis.of(w, cell);
        Watermark.Axis ys = Watermark.Axis.of(h, cell);
        float[] out = new float[w * h];
        int side = Tile.SIDE;
        for (int y = 0; y < h; y++) {
            int r0 = ys.first()[y] * side;
            int r1 = ys.second()[y] * side;
            double fy = ys.fraction()[y];
            for (int x = 0; x < w; x++) {
                int c0 = xs.first()[x];
                int c1 = xs.second()[x];
                double fx = xs.fraction()[x];
                double top = cells[r0 + c0] + fx * (cells[r0 + c1] - cells[r0 + c0]);
                double bottom = cells[r1 + c0] + fx * (cells[r1 + c1] - cells[r1 + c0]);
                out[y * w + x] = (float) (top + fy * (bottom - top));
            }
        }
        return new Plane(w, h, out);
    }

    /**
     * The pattern added to R, G and B alike, in whole levels, where {@code region} changes (all of
     * the picture when empty). The pattern is scaled so that the RMS of the rounded delta is at
     * most {@link Watermark#STRENGTH}, whatever the informed gains and the rounding did.
     */
    private static RgbImage add(RgbImage image, double[] cells, Optional<Mask> region) {
        int w = image.width();
        int h = image.height();
        float[] v = render(w, h, Watermark.cellSize(w, h), cells).values();
        double limit = Watermark.STRENGTH * Watermark.STRENGTH;
        double scale = Watermark.STRENGTH / Math.sqrt(meanSquare(v, 1));
        int[] delta = new int[v.length];
        for (double ms = rounded(v, scale, delta); ms > limit; ms = rounded(v, scale, delta)) {
            scale *= Math.min(0.995, Math.sqrt(limit / ms));
        }
        byte[] in = image.rgb();
        byte[] out = in.clone();
        float[] changes = region.map(Mask::values).orElse(null);
        for (int i = 0; i < v.length; i++) {
            int d = delta[i];
            if (d == 0 || changes != null && changes[i] < 0.5f) {
                continue;
            }
            int p = i * 3;
            out[p] = (byte) Math.clamp((in[p] & 0xFF) + d, 0, 255);
            out[p + 1] = (byte) Math.clamp((in[p + 1] & 0xFF) + d, 0, 255);
            out[p + 2] = (byte) Math.clamp((in[p + 2] & 0xFF) + d, 0, 255);
        }
        return new RgbImage(w, h, out);
    }

    private static double meanSquare(float[] v, double scale) {
        double sum = 0;
        for (float x : v) {
            double d = scale * x;
            sum += d * d;
        }
        return sum / v.length;
    }

    /**
     * The mean square of {@code v} scaled and rounded to whole levels, the rounded values left in
     * {@code delta}. Summed as a long: the squares are whole numbers far below 2⁵³, so this is
     * the sum a double would reach, exactly.
     */
    private static double rounded(float[] v, double scale, int[] delta) {
        long sum = 0;
        for (int i = 0; i < v.length; i++) {
            long d = Rounding.round(scale * v[i]);
            delta[i] = (int) d;
            sum += d * d;
        }
        return (double) sum / v.length;
    }
}
