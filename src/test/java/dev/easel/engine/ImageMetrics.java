package dev.easel.engine;

import dev.easel.media.RgbImage;

/** Picture comparisons used by the tests. */
final class ImageMetrics {
    private ImageMetrics() {}

    /** Peak signal-to-noise ratio in dB (infinite for identical images). */
    static double psnr(RgbImage a, RgbImage b) {
        double se = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            double d = (a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF);
            se += d * d;
        }
        double mse = se / a.rgb().length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    static double meanAbsDiff(RgbImage a, RgbImage b) {
        double s = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            s += Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF));
        }
        return s / a.rgb().length;
    }

    /** The largest difference of one channel of one pixel, 0 to 255. */
    static int maxChannelDifference(RgbImage a, RgbImage b) {
        int max = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            max = Math.max(max, Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF)));
        }
        return max;
    }
}
