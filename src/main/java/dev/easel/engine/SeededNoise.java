package dev.easel.engine;

import dev.easel.engine.sched.NoiseSource;
import dev.easel.engine.sd.BoxMuller;
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
        return BoxMuller.pairs(random, n);
    }
}
