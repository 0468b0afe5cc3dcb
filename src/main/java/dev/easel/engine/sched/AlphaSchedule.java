package dev.easel.engine.sched;

import java.util.Objects;

/**
 * The DDIM/LCM plan: integer training timesteps, samples in variance-preserving space
 * x_t = sqrt(ᾱ_t)·x0 + sqrt(1−ᾱ_t)·ε, so the UNet input needs no scaling.
 */
abstract sealed class AlphaSchedule implements Schedule permits DdimSchedule, LcmSchedule {

    final TrainingNoise table;
    private final PredictionType prediction;
    private final boolean clipSample;
    private final double clipSampleRange;
    final int[] timesteps;

    AlphaSchedule(SchedulerConfig config, TrainingNoise table, int[] timesteps) {
        this.table = table;
        this.prediction = config.predictionType();
        this.clipSample = config.clipSample();
        this.clipSampleRange = config.clipSampleRange();
        for (int t : timesteps) {
            if (t < 0 || t >= table.size()) {
                throw new IllegalArgumentException("timestep " + t + " falls outside the training range [0, "
                        + table.size() + "); lower steps_offset or the step count");
            }
        }
        this.timesteps = timesteps;
    }

    @Override
    public final int steps() {
        return timesteps.length;
    }

    @Override
    public final float timestep(int i) {
        return timesteps[Objects.checkIndex(i, steps())];
    }

    @Override
    public final float initNoiseSigma() {
        return 1f;
    }

    @Override
    public final float[] scaleModelInput(float[] sample, int i) {
        Objects.requireNonNull(sample, "sample");
        Objects.checkIndex(i, steps());
        return sample.clone();
    }

    @Override
    public final float[] addNoise(float[] original, float[] noise, int i) {
        Latents.requireSameLength(original, "original", noise, "noise");
        if (Objects.checkIndex(i, steps() + 1) == steps()) {
            return original.clone();
        }
        double alphaBar = table.alphaBar(timesteps[i]);
        double signal = Math.sqrt(alphaBar);
        double spread = Math.sqrt(1 - alphaBar);
        float[] noisy = new float[original.length];
        for (int j = 0; j < original.length; j++) {
            noisy[j] = (float) (signal * original[j] + spread * noise[j]);
        }
        return noisy;
    }

    @Override
    public final double sigma(int i) {
        return Objects.checkIndex(i, steps() + 1) == steps() ? 0 : table.sigma(timesteps[i]);
    }

    /** x0 from the UNet output m for sample x at ᾱ = alphaBar, clamped when the config asks for it. */
    final double predictOriginal(double m, double x, double alphaBar) {
        double x0 = switch (prediction) {
            case EPSILON -> (x - Math.sqrt(1 - alphaBar) * m) / Math.sqrt(alphaBar);
            case V_PREDICTION -> Math.sqrt(alphaBar) * x - Math.sqrt(1 - alphaBar) * m;
            case SAMPLE -> m;
        };
        return clipSample ? Math.clamp(x0, -clipSampleRange, clipSampleRange) : x0;
    }

    /** The noise ε the UNet output m implies for sample x at ᾱ = alphaBar (before any clamping of x0). */
    final double predictEpsilon(double m, double x, double alphaBar) {
        return switch (prediction) {
            case EPSILON -> m;
            case V_PREDICTION -> Math.sqrt(alphaBar) * m + Math.sqrt(1 - alphaBar) * x;
            case SAMPLE -> (x - Math.sqrt(alphaBar) * m) / Math.sqrt(1 - alphaBar);
        };
    }
}
