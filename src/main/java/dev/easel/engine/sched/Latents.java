package dev.easel.engine.sched;

import java.util.Objects;

/** Argument checks shared by the schedules. */
final class Latents {

    private Latents() {}

    static void requireSameLength(float[] a, String aName, float[] b, String bName) {
        Objects.requireNonNull(a, aName);
        Objects.requireNonNull(b, bName);
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    aName + " has " + a.length + " values but " + bName + " has " + b.length);
        }
    }

    /** Draws {@code n} values, refusing a source that returns the wrong count. */
    static float[] draw(NoiseSource noise, int n) {
        Objects.requireNonNull(noise, "noise");
        float[] z = noise.gaussian(n);
        if (z == null || z.length != n) {
            throw new IllegalStateException(
                    "noise source returned " + (z == null ? "null" : z.length + " values") + " for " + n);
        }
        return z;
    }
}
