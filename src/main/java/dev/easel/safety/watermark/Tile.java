package dev.easel.safety.watermark;

/**
 * The keyed pattern one tile of the mark holds, {@link #SIDE}×{@link #SIDE} cells, repeated over
 * the picture. Every cell carries two superposed ±1 chips: a fixed synchronisation chip (the same
 * in every mark: the detector's reference for scale and offset, and what makes a mark Easel's),
 * and a data chip, a keyed carrier times the coded bit that the cell is assigned to. Each coded bit
 * owns one or two cells, spread over the tile by a keyed permutation.
 */
final class Tile {
    static final int SIDE = 16;
    static final int CELLS = SIDE * SIDE;
    /** Share of the mark's energy in the synchronisation chips (the rest carries the payload). */
    static final double SYNC_SHARE = 0.4;

    static final double SYNC_WEIGHT = Math.sqrt(SYNC_SHARE);
    static final double DATA_WEIGHT = Math.sqrt(1 - SYNC_SHARE);

    /** The synchronisation chip of each cell, ±1. */
    final int[] sync = new int[CELLS];
    /** The data carrier of each cell, ±1. */
    final int[] carrier = new int[CELLS];
    /** The coded bit each cell carries. */
    final int[] bitOf = new int[CELLS];

    Tile(long key) {
        KeyStream keys = new KeyStream(key);
        for (int i = 0; i < CELLS; i++) {
            sync[i] = keys.sign();
            carrier[i] = keys.sign();
        }
        int[] order = new int[CELLS];
        for (int i = 0; i < CELLS; i++) {
            order[i] = i;
        }
        for (int i = CELLS - 1; i > 0; i--) {
            int j = keys.below(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int k = 0; k < CELLS; k++) {
            bitOf[order[k]] = k % PayloadCode.CODED_BITS;
        }
    }

    /** Cell values of a mark carrying these coded symbols (±1 each): unit mean square. */
    double[] values(int[] symbols) {
        double[] v = new double[CELLS];
        for (int i = 0; i < CELLS; i++) {
            v[i] = SYNC_WEIGHT * sync[i] + DATA_WEIGHT * carrier[i] * symbols[bitOf[i]];
        }
        return v;
    }
}
