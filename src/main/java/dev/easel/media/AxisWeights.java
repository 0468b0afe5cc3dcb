package dev.easel.media;

/**
 * The filter along one axis: for each destination index, which source indices contribute and
 * with what weight. Weights of one destination index sum to 1, so flat areas stay flat.
 */
final class AxisWeights {
    private final int[] first;
    private final int[] counts;
    private final float[][] weights;

    private AxisWeights(int[] first, int[] counts, float[][] weights) {
        this.first = first;
        this.counts = counts;
        this.weights = weights;
    }

    static AxisWeights of(int srcLength, int dstLength) {
        return dstLength < srcLength ? area(srcLength, dstLength) : bilinear(srcLength, dstLength);
    }

    int count(int dst) {
        return counts[dst];
    }

    int index(int dst, int k) {
        return first[dst] + k;
    }

    float weight(int dst, int k) {
        return weights[dst][k];
    }

    /** The first source index of destination index {@code dst}. */
    int first(int dst) {
        return first[dst];
    }

    /** The weights of destination index {@code dst}, in source order from {@link #first}; not to be changed. */
    float[] weights(int dst) {
        return weights[dst];
    }

    /** Destination pixel i covers source span [i·s, (i+1)·s); each source pixel weighs its overlap. */
    private static AxisWeights area(int srcLength, int dstLength) {
        double scale = (double) srcLength / dstLength;
        int[] first = new int[dstLength];
        int[] counts = new int[dstLength];
        float[][] weights = new float[dstLength][];
        for (int i = 0; i < dstLength; i++) {
            double start = i * scale;
            double end = Math.min(srcLength, (i + 1) * scale);
            int from = (int) Math.floor(start);
            int to = Math.min(srcLength, (int) Math.ceil(end));
            float[] w = new float[to - from];
            double total = 0;
            for (int j = from; j < to; j++) {
                double overlap = Math.min(end, j + 1) - Math.max(start, j);
                w[j - from] = (float) Math.max(0, overlap);
                total += w[j - from];
            }
            for (int k = 0; k < w.length; k++) {
                w[k] = (float) (w[k] / total);
            }
            first[i] = from;
            counts[i] = w.length;
            weights[i] = w;
        }
        return new AxisWeights(first, counts, weights);
    }

    /** Pixel centres aligned ((i + ½)·s − ½), clamped at the edges instead of fading to black. */
    private static AxisWeights bilinear(int srcLength, int dstLength) {
        double scale = (double) srcLength / dstLength;
        int[] first = new int[dstLength];
        int[] counts = new int[dstLength];
        float[][] weights = new float[dstLength][];
        for (int i = 0; i < dstLength; i++) {
            double centre = Math.clamp((i + 0.5) * scale - 0.5, 0, srcLength - 1);
            int left = (int) Math.floor(centre);
            float fraction = (float) (centre - left);
            if (left + 1 < srcLength && fraction > 0) {
                weights[i] = new float[] {1 - fraction, fraction};
            } else {
                weights[i] = new float[] {1};
            }
            first[i] = left;
            counts[i] = weights[i].length;
        }
        return new AxisWeights(first, counts, weights);
    }
}
