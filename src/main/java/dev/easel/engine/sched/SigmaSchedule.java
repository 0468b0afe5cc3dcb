package dev.easel.engine.sched;

import java.util.Objects;

/**
 * The Euler family's plan: sigmas interpolated at the inference timesteps with a final 0 appended,
 * samples living in variance-exploding space x = x0 + σ·ε.
 */
abstract sealed class SigmaSchedule implements Schedule permits EulerSchedule, EulerAncestralSchedule {

    private final PredictionType prediction;
    private final TimestepSpacing spacing;
    private final double[] timesteps;
    /** steps + 1 entries; the last is 0. */
    final double[] sigmas;

    SigmaSchedule(SchedulerConfig config, TrainingNoise table, int steps) {
        this.prediction = config.predictionType();
        this.spacing = config.timestepSpacing();
        this.timesteps = Timesteps.euler(spacing, config.numTrainTimesteps(), steps, config.stepsOffset());
        this.sigmas = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            sigmas[i] = table.interpolatedSigma(timesteps[i]);
        }
    }

    @Override
    public final int steps() {
        return timesteps.length;
    }

    @Override
    public final float timestep(int i) {
        return (float) timesteps[Objects.checkIndex(i, steps())];
    }

    @Override
    public final float initNoiseSigma() {
        double max = 0;
        for (double sigma : sigmas) {
            max = Math.max(max, sigma);
        }
        return (float) (spacing == TimestepSpacing.LEADING ? Math.sqrt(max * max + 1) : max);
    }

    @Override
    public final float[] scaleModelInput(float[] sample, int i) {
        Objects.requireNonNull(sample, "sample");
        double sigma = sigmas[Objects.checkIndex(i, steps())];
        double scale = Math.sqrt(sigma * sigma + 1);
        float[] scaled = new float[sample.length];
        for (int j = 0; j < sample.length; j++) {
            scaled[j] = (float) (sample[j] / scale);
        }
        return scaled;
    }

    @Override
    public final float[] addNoise(float[] original, float[] noise, int i) {
        Latents.requireSameLength(original, "original", noise, "noise");
        double sigma = sigmas[Objects.checkIndex(i, steps() + 1)];
        float[] noisy = new float[original.length];
        for (int j = 0; j < original.length; j++) {
            noisy[j] = (float) (original[j] + noise[j] * sigma);
        }
        return noisy;
    }

    @Override
    public final double sigma(int i) {
        return sigmas[Objects.checkIndex(i, steps() + 1)];
    }

    /** x0 from the UNet output m for sample x at noise level sigma (Karras et al.'s preconditioning for v). */
    final double predictOriginal(double m, double x, double sigma) {
        return switch (prediction) {
            case EPSILON -> x - sigma * m;
            case V_PREDICTION -> m * (-sigma / Math.sqrt(sigma * sigma + 1)) + x / (sigma * sigma + 1);
            case SAMPLE -> m;
        };
    }
}
