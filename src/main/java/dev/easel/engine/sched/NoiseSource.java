package dev.easel.engine.sched;

/** Source of standard normal noise, supplied by the pipeline (seeded). */
@FunctionalInterface
public interface NoiseSource {

    /** Returns {@code n} fresh independent N(0, 1) samples. */
    float[] gaussian(int n);
}
