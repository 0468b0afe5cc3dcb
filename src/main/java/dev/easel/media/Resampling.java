package dev.easel.media;

import java.util.Arrays;

/**
 * Resizing for uploads whose size differs from what the model works at. Images are filtered
 * separably, each axis on its own: area averaging where that axis shrinks (every source pixel
 * counts, so no aliasing), bilinear where it grows. Masks use nearest neighbour so they stay
 * binary and edges do not smear into half-values.
 */
public final class Resampling {
    private Resampling() {}

    public static RgbImage resize(RgbImage src, int width, int height) {
        checkSize(width, height);
        if (src.width() == width && src.height() == height) {
            return src;
        }
        AxisWeights horizontal = AxisWeights.of(src.width(), width);
        AxisWeights vertical = AxisWeights.of(src.height(), height);
        // Pass 1: rows to the new width, kept in float so pass 2 rounds only once.
        float[] rows = new float[src.height() * width * 3];
        byte[] in = src.rgb();
        for (int y = 0; y < src.height(); y++) {
            int srcRow = y * src.width() * 3;
            int dstRow = y * width * 3;
            for (int x = 0; x < width; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                float[] weights = horizontal.weights(x);
                int i = srcRow + horizontal.first(x) * 3;
                for (float w : weights) {
                    r += w * (in[i] & 0xFF);
                    g += w * (in[i + 1] & 0xFF);
                    b += w * (in[i + 2] & 0xFF);
                    i += 3;
                }
                rows[dstRow + x * 3] = r;
                rows[dstRow + x * 3 + 1] = g;
                rows[dstRow + x * 3 + 2] = b;
            }
        }
        // Pass 2: columns to the new height, a whole row of sums at a time (each sum still adds
        // its taps in order from 0, so the result is the one a sum per pixel gives, to the bit).
        byte[] out = new byte[width * height * 3];
        int stride = width * 3;
        float[] sums = new float[stride];
        for (int y = 0; y < height; y++) {
            Arrays.fill(sums, 0);
            float[] weights = vertical.weights(y);
            int from = vertical.first(y) * stride;
            for (float w : weights) {
                for (int i = 0; i < stride; i++) {
                    sums[i] += w * rows[from + i];
                }
                from += stride;
            }
            int at = y * stride;
            for (int i = 0; i < stride; i++) {
                out[at + i] = (byte) Math.clamp(Rounding.round(sums[i]), 0, 255);
            }
        }
        return new RgbImage(width, height, out);
    }

    /**
     * A plane of floats (a matting model's mask) resized as pictures are: area averaging where an
     * axis shrinks, bilinear where it grows; values are not rounded.
     */
    public static float[] resize(float[] plane, int srcWidth, int srcHeight, int width, int height) {
        checkSize(width, height);
        if (plane.length != srcWidth * srcHeight) {
            throw new IllegalArgumentException(
                    "plane has " + plane.length + " values, not " + srcWidth + "x" + srcHeight);
        }
        if (srcWidth == width && srcHeight == height) {
            return plane.clone();
        }
        AxisWeights horizontal = AxisWeights.of(srcWidth, width);
        AxisWeights vertical = AxisWeights.of(srcHeight, height);
        float[] rows = new float[srcHeight * width];
        for (int y = 0; y < srcHeight; y++) {
            for (int x = 0; x < width; x++) {
                float v = 0;
                for (int k = 0; k < horizontal.count(x); k++) {
                    v += horizontal.weight(x, k) * plane[y * srcWidth + horizontal.index(x, k)];
                }
                rows[y * width + x] = v;
            }
        }
        float[] out = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = 0;
                for (int k = 0; k < vertical.count(y); k++) {
                    v += vertical.weight(y, k) * rows[vertical.index(y, k) * width + x];
                }
                out[y * width + x] = v;
            }
        }
        return out;
    }

    public static Mask resize(Mask src, int width, int height) {
        checkSize(width, height);
        if (src.width() == width && src.height() == height) {
            return src;
        }
        int[] xs = nearest(src.width(), width);
        int[] ys = nearest(src.height(), height);
        float[] values = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                values[y * width + x] = src.values()[ys[y] * src.width() + xs[x]];
            }
        }
        return new Mask(width, height, values);
    }

    /** For each destination index, the source index whose area contains its centre. */
    private static int[] nearest(int srcLength, int dstLength) {
        int[] map = new int[dstLength];
        double scale = (double) srcLength / dstLength;
        for (int i = 0; i < dstLength; i++) {
            map[i] = Math.min(srcLength - 1, (int) ((i + 0.5) * scale));
        }
        return map;
    }

    private static void checkSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive: " + width + "x" + height);
        }
    }
}
