package dev.easel.safety.watermark;

import dev.easel.media.RgbImage;

/** A float picture of one channel, row-major, and the few filters the detector needs. */
record Plane(int width, int height, float[] values) {

    /** Rec. 601 luma, 0..255. */
    static Plane luma(RgbImage image) {
        byte[] rgb = image.rgb();
        float[] y = new float[image.width() * image.height()];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.299f * (rgb[3 * i] & 0xFF) + 0.587f * (rgb[3 * i + 1] & 0xFF) + 0.114f * (rgb[3 * i + 2] & 0xFF);
        }
        return new Plane(image.width(), image.height(), y);
    }

    /** Separable Gaussian blur, edges clamped. */
    Plane blurred(double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = (float) Math.exp(-k * k / (2 * sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= (float) sum;
        }
        float[] rows = new float[values.length];
        // Each output sums its taps in order k = -radius..radius from 0, as one loop over k per
        // pixel would; summed a tap at a time over a whole row instead, so that the loop over x
        // runs without clamping and vectorises. The same float operations in the same order:
        // the result is the same to the bit.
        int inner0 = Math.min(radius, width);
        int inner1 = Math.max(inner0, width - radius);
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < inner0; x++) {
                rows[row + x] = clampedTaps(kernel, radius, row, x);
            }
            for (int k = -radius; k <= radius; k++) {
                float w = kernel[k + radius];
                int src = row + k;
                for (int x = inner0; x < inner1; x++) {
                    rows[row + x] += w * values[src + x];
                }
            }
            for (int x = inner1; x < width; x++) {
                rows[row + x] = clampedTaps(kernel, radius, row, x);
            }
        }
        float[] out = new float[values.length];
        for (int y = 0; y < height; y++) {
            for (int k = -radius; k <= radius; k++) {
                int yy = Math.clamp(y + k, 0, height - 1);
                float w = kernel[k + radius];
                int src = yy * width;
                int dst = y * width;
                for (int x = 0; x < width; x++) {
                    out[dst + x] += w * rows[src + x];
                }
            }
        }
        return new Plane(width, height, out);
    }

    /** Pixel {@code x} of the row starting at {@code row} through the kernel, edges clamped. */
    private float clampedTaps(float[] kernel, int radius, int row, int x) {
        float acc = 0;
        for (int k = -radius; k <= radius; k++) {
            int xx = Math.clamp(x + k, 0, width - 1);
            acc += kernel[k + radius] * values[row + xx];
        }
        return acc;
    }

    /** This minus {@code other}, pixel by pixel. */
    Plane minus(Plane other) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] - other.values[i];
        }
        return new Plane(width, height, out);
    }

    /** 1 / (the local RMS in a Gaussian window of {@code sigma} + {@code floor}) at each pixel. */
    Plane inverseLocalRms(double sigma, double floor) {
        float[] sq = new float[values.length];
        for (int i = 0; i < sq.length; i++) {
            sq[i] = values[i] * values[i];
        }
        float[] local = new Plane(width, height, sq).blurred(sigma).values;
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (1 / (Math.sqrt(local[i]) + floor));
        }
        return new Plane(width, height, out);
    }

    /** This times {@code other}, pixel by pixel. */
    Plane times(Plane other) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] * other.values[i];
        }
        return new Plane(width, height, out);
    }

    /** The w×h part whose top-left corner is (x0, y0). */
    Plane crop(int x0, int y0, int w, int h) {
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(values, (y0 + y) * width + x0, out, y * w, w);
        }
        return new Plane(w, h, out);
    }
}
