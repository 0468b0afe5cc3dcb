package dev.easel.engine;

import dev.easel.engine.sched.NoiseSource;
import java.util.SplittableRandom;

/**
 * Standard normal noise from one seeded stream (Box–Muller over SplittableRandom, whose algorithm
 * is fixed), so the same seed gives the same noise on every JVM. Used by one run's thread.
 */
final class SeededNoise implements NoiseSource {
    private final SplittableRandom random;

    SeededNoise(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public float[] gaussian(int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i += 2) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            out[i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < n) {
                out[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
            }
        }
        return out;
    }
}
