package dev.easel.safety.watermark;

import dev.easel.media.Resampling;
import dev.easel.media.RgbImage;

/**
 * The detector's view of a picture, which the embedder also takes to learn what the detector
 * will see: the picture scaled down (area averaging) until its shorter side is at most
 * {@link #WORK_SIDE} (the mark's cells scale with it), its luma whitened (minus a Gaussian blur one
 * cell wide, which removes the picture's strong low frequencies) and weighted by 1 / (local RMS +
 * {@link #FLOOR}), so that edges and busy textures, where the picture drowns the mark, count less
 * than quiet areas.
 *
 * @param residual the weighted residual, at the work size
 * @param weights the weights
 * @param side the work size's shorter side
 * @param longest the longer side of what is searched (see {@link #centre()})
 */
record View(Plane residual, Plane weights, int side, int longest) {
    /** The shorter side pictures are scaled down to. */
    static final int WORK_SIDE = 192;
    /** The local RMS floor of the weighting, in 8-bit levels: about the mark's own amplitude. */
    static final double FLOOR = 2;
    /** The local RMS window (Gaussian sigma), in cells. */
    static final double WINDOW = 2;
    /** The longest the detector looks along a picture's longer side, in multiples of the shorter. */
    static final int MAX_ASPECT = 2;

    static View of(RgbImage image) {
        RgbImage work = workSize(image);
        int side = Math.min(work.width(), work.height());
        double cell = side / (double) Watermark.CELLS_PER_SIDE;
        Plane residual = whitened(Plane.luma(work), cell);
        Plane weights = residual.inverseLocalRms(WINDOW * cell, FLOOR);
        return new View(residual.times(weights), weights, side, Math.max(work.width(), work.height()));
    }

    /** Luma minus its blur one cell wide: the band the mark lives in. */
    static Plane whitened(Plane luma, double cell) {
        return luma.minus(luma.blurred(cell));
    }

    /** The tile period, in work pixels, of a mark embedded at this size. */
    double period() {
        return side * Tile.SIDE / (double) Watermark.CELLS_PER_SIDE;
    }

    /**
     * The central window at most {@link #MAX_ASPECT} times as long as it is wide: a crop the search
     * absorbs like any other, so that a long strip costs what a 2:1 picture does (the period
     * search grows with the longer side).
     */
    View centre() {
        int w = residual.width();
        int h = residual.height();
        int cw = Math.min(w, MAX_ASPECT * h);
        int ch = Math.min(h, MAX_ASPECT * w);
        if (cw == w && ch == h) {
            return this;
        }
        int x0 = (w - cw) / 2;
        int y0 = (h - ch) / 2;
        return new View(residual.crop(x0, y0, cw, ch), weights.crop(x0, y0, cw, ch), side, Math.max(cw, ch));
    }

    private static RgbImage workSize(RgbImage image) {
        int minSide = Math.min(image.width(), image.height());
        if (minSide <= WORK_SIDE) {
            return image;
        }
        double f = (double) WORK_SIDE / minSide;
        return Resampling.resize(image, Math.max(1, (int) Math.round(image.width() * f)), Math.max(1, (int)
                Math.round(image.height() * f)));
    }
}
