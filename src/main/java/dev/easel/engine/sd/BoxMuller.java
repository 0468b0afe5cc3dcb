package dev.easel.engine.sd;

import java.util.SplittableRandom;

/**
 * Standard normal samples by the Box–Muller transform over {@link SplittableRandom}, whose
 * algorithm is fixed (unlike {@code Random.nextGaussian}'s in newer generators), so a seed gives
 * the same numbers on every JVM. Each transform takes two uniforms and yields a cosine and a sine
 * normal.
 */
public final class BoxMuller {
    private BoxMuller() {}

    /** {@code n} normals, both of each transform's pair used in turn (the pipeline's starting noise). */
    public static float[] pairs(SplittableRandom random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i += 2) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double r = radius(u1);
            out[i] = (float) (r * Math.cos(2.0 * Math.PI * u2));
            if (i + 1 < n) {
                out[i + 1] = (float) (r * Math.sin(2.0 * Math.PI * u2));
            }
        }
        return out;
    }

    /**
     * One normal from a transform whose sine half is dropped. The synthetic models' weights were
     * drawn this way; using both halves there would change every generated model.
     */
    public static double cosineOnly(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return radius(u1) * Math.cos(2.0 * Math.PI * u2);
    }

    /** sqrt(−2 ln u) for u in (0, 1]. */
    private static double radius(double u) {
        return Math.sqrt(-2.0 * Math.log(u));
    }
}
