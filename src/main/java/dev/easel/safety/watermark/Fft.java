package dev.easel.safety.watermark;

/**
 * In-place radix-2 FFT of square n×n complex arrays (row-major real and imaginary parts), n a
 * power of two; the inverse is scaled by 1/n². Enough for the detector's correlations over one
 * folded tile (64×64).
 */
final class Fft {
    private final int n;
    private final int log;
    private final double[] cos;
    private final double[] sin;
    private final int[] reversed;

    Fft(int n) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("n must be a power of two: " + n);
        }
        this.n = n;
        this.log = Integer.numberOfTrailingZeros(n);
        cos = new double[n / 2];
        sin = new double[n / 2];
        for (int k = 0; k < n / 2; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / n);
            sin[k] = Math.sin(2 * Math.PI * k / n);
        }
        reversed = new int[n];
        for (int i = 0; i < n; i++) {
            reversed[i] = Integer.reverse(i) >>> (32 - log);
        }
    }

    void forward(double[] re, double[] im) {
        transform2d(re, im, false);
    }

    void inverse(double[] re, double[] im) {
        transform2d(re, im, true);
        double scale = 1.0 / ((double) n * n);
        for (int i = 0; i < re.length; i++) {
            re[i] *= scale;
            im[i] *= scale;
        }
    }

    private void transform2d(double[] re, double[] im, boolean inverse) {
        double[] rowRe = new double[n];
        double[] rowIm = new double[n];
        for (int y = 0; y < n; y++) {
            System.arraycopy(re, y * n, rowRe, 0, n);
            System.arraycopy(im, y * n, rowIm, 0, n);
            transform(rowRe, rowIm, inverse);
            System.arraycopy(rowRe, 0, re, y * n, n);
            System.arraycopy(rowIm, 0, im, y * n, n);
        }
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < n; y++) {
                rowRe[y] = re[y * n + x];
                rowIm[y] = im[y * n + x];
            }
            transform(rowRe, rowIm, inverse);
            for (int y = 0; y < n; y++) {
                re[y * n + x] = rowRe[y];
                im[y * n + x] = rowIm[y];
            }
        }
    }

    private void transform(double[] re, double[] im, boolean inverse) {
        for (int i = 0; i < n; i++) {
            int j = reversed[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        double sign = inverse ? 1 : -1;
        for (int len = 2; len <= n; len <<= 1) {
            int half = len / 2;
            int step = n / len;
            for (int start = 0; start < n; start += len) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sign * sin[k * step];
                    int a = start + k;
                    int b = a + half;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
