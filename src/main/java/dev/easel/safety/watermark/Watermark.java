package dev.easel.safety.watermark;

import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import java.util.Optional;

/**
 * Easel's invisible watermark: a keyed spread-spectrum pattern tiled over the picture's luma, at
 * a scale tied to the picture's size, carrying a 48-bit {@link Payload}.
 *
 * <p><b>Method.</b> A tile of 16×16 cells of pseudo-random ±1 chips, a fixed synchronisation
 * pattern plus payload chips (spread spectrum: Cox, Kilian, Leighton and Shamoon, "Secure spread
 * spectrum watermarking for multimedia", IEEE TIP 1997), is repeated over the picture as in
 * Kalker, Depovere, Haitsma and Maes's JAWS ("A video watermarking system for broadcast
 * monitoring", SPIE 1999). Cells are bilinearly interpolated between their centres and
 * {@link #CELLS_PER_SIDE} of them span the shorter side, so the mark sits in the same band of
 * every picture's spectrum whatever its resolution, and a resize leaves it where the detector
 * expects it. The same delta is added to R, G and B. The embedding is informed ({@link Embedder}):
 * the detector's own chain is run over the picture first, and each coded bit's amplitude is set
 * so that the picture's interference is cancelled with a margin. The detector ({@link Detector})
 * whitens the luma, folds it modulo each candidate tile period (the tiling turns a crop into a
 * cyclic shift of the fold, which one FFT correlation with the synchronisation pattern finds:
 * JAWS's translation search), searches the period over what a crop of up to 25% of the shorter
 * side leaves, and reads the payload at the best peaks: CRC-16 and a rate-1/2 convolutional code
 * decoded by soft Viterbi ({@link PayloadCode}).
 *
 * <p><b>Cost.</b> The RMS of the delta is at most {@link #STRENGTH} levels, so the marked
 * picture's PSNR against the unmarked one is at least 40.5 dB (clipping at 0 and 255 only lowers
 * the error).
 *
 * <p><b>Limits.</b> Meant to survive JPEG re-encoding at quality 75, uniform resizing that leaves
 * the shorter side at least {@link #MIN_SIDE} px (a 256 px picture at 50%, a 1024 px one at
 * 12.5%), crops that keep at least 75% of the shorter side (any position), and brightness or
 * contrast changes. Not rotation, flips, perspective or anisotropic stretching, heavier crops, or
 * pictures whose shorter side is under {@link #MIN_SIDE} px (they are neither marked nor looked
 * at). Busy textures that fill the whole picture (dense wood grain, gravel) can drown it;
 * saturated areas (pure black or white) carry none. It is a provenance signal, not a security
 * one: the key is in this source, so anyone can read, remove or forge it.
 *
 * <p>Deterministic (the pattern depends only on {@link #KEY}, the payload and the picture) and
 * thread-safe.
 */
public final class Watermark {
    /** The key of Easel's pattern. */
    static final long KEY = 0x45617365_6C574D31L; // "EaselWM1"
    /** Cells across the picture's shorter side: 8 tiles of 16. */
    static final int CELLS_PER_SIDE = 128;
    /** The largest RMS of the delta, in 8-bit levels: 20·log10(255 / 2.4) = 40.5 dB PSNR. */
    static final double STRENGTH = 2.4;
    /** Pictures whose shorter side is shorter than this are neither marked nor looked at. */
    public static final int MIN_SIDE = 128;

    static final Tile TILE = new Tile(KEY);

    private Watermark() {}

    /** The picture with the mark over all of it; a picture under {@link #MIN_SIDE} a side as it is. */
    public static RgbImage embed(RgbImage image, Payload payload) {
        return Embedder.embed(image, payload, Optional.empty(), Embedder.ROUNDS);
    }

    /**
     * The picture with the mark only where {@code region} changes (a masked edit's regenerated
     * area): every other pixel is returned as it was, byte for byte.
     */
    public static RgbImage embed(RgbImage image, Payload payload, Mask region) {
        sameSize(region, image);
        return Embedder.embed(image, payload, Optional.of(region), Embedder.ROUNDS);
    }

    /**
     * The mark as a partial image carries it: the same pattern, payload and strength, its gains
     * informed by the picture in one open-loop pass (each coded bit against the picture's own
     * push on it) without the closed-loop rounds that also cancel the bits' crosstalk: about a
     * third of the work of {@link #embed(RgbImage, Payload)}, for a picture that is looked at once
     * and replaced a few steps later. Where {@code region} is present only its changing area is
     * marked, as {@link #embed(RgbImage, Payload, Mask)} does.
     */
    public static RgbImage embedPreview(RgbImage image, Payload payload, Optional<Mask> region) {
        region.ifPresent(r -> sameSize(r, image));
        return Embedder.embed(image, payload, region, 0);
    }

    private static void sameSize(Mask region, RgbImage image) {
        if (region.width() != image.width() || region.height() != image.height()) {
            throw new IllegalArgumentException("the region is " + region.width() + "x" + region.height()
                    + " but the image is " + image.width() + "x" + image.height());
        }
    }

    /** Whether the picture carries Easel's mark, and its payload. */
    public static Detection detect(RgbImage image) {
        return Detector.detect(image);
    }

    /** Cell size in pixels of a picture this big. */
    static double cellSize(int width, int height) {
        return Math.min(width, height) / (double) CELLS_PER_SIDE;
    }

    /** Per pixel along one axis: the two tile cells around its centre and the weight of the second. */
    record Axis(int[] first, int[] second, double[] fraction) {
        static Axis of(int length, double cell) {
            int[] first = new int[length];
            int[] second = new int[length];
            double[] fraction = new double[length];
            for (int i = 0; i < length; i++) {
                double u = (i + 0.5) / cell - 0.5;
                double floor = Math.floor(u);
                first[i] = Math.floorMod((long) floor, Tile.SIDE);
                second[i] = Math.floorMod((long) floor + 1, Tile.SIDE);
                fraction[i] = u - floor;
            }
            return new Axis(first, second, fraction);
        }
    }
}
