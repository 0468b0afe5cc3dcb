package dev.easel.engine.sched;

import java.util.Objects;

/**
 * diffusers' LCMScheduler: the consistency function's estimate denoised = c_out·x0 + c_skip·x_t, re-noised
 * to the next timestep's level with fresh noise on every step but the last.
 */
final class LcmSchedule extends AlphaSchedule {

    /** Data standard deviation in the consistency-model boundary condition (Song et al.). */
    private static final double SIGMA_DATA = 0.5;

    private final double timestepScaling;

    LcmSchedule(SchedulerConfig config, TrainingNoise table, int steps) {
        super(config, table, timesteps(config, steps));
        this.timestepScaling = config.timestepScaling();
    }

    private static int[] timesteps(SchedulerConfig config, int steps) {
        int original = config.originalInferenceSteps();
        if (original > config.numTrainTimesteps()) {
            throw new IllegalArgumentException("original_inference_steps " + original + " exceeds num_train_timesteps "
                    + config.numTrainTimesteps());
        }
        if (steps > original) {
            throw new IllegalArgumentException(
                    "lcm supports at most original_inference_steps = " + original + " steps, got " + steps);
        }
        return Timesteps.lcm(config.numTrainTimesteps(), original, steps);
    }

    /** c_skip at timestep t: 1 at t = 0, vanishing as t grows, so the estimate is x0 away from the boundary. */
    double cSkip(int t) {
        double scaled = t * timestepScaling;
        return SIGMA_DATA * SIGMA_DATA / (scaled * scaled + SIGMA_DATA * SIGMA_DATA);
    }

    /** c_out at timestep t: 0 at t = 0, approaching 1 as t grows. */
    double cOut(int t) {
        double scaled = t * timestepScaling;
        return scaled / Math.sqrt(scaled * scaled + SIGMA_DATA * SIGMA_DATA);
    }

    @Override
    public StepOutput step(float[] modelOutput, int i, float[] sample, NoiseSource noise) {
        Latents.requireSameLength(modelOutput, "modelOutput", sample, "sample");
        int t = timesteps[Objects.checkIndex(i, steps())];
        double alphaBar = table.alphaBar(t);
        double skip = cSkip(t);
        double out = cOut(t);
        float[] denoised = new float[sample.length];
        for (int j = 0; j < sample.length; j++) {
            double x0 = predictOriginal(modelOutput[j], sample[j], alphaBar);
            denoised[j] = (float) (out * x0 + skip * sample[j]);
        }
        if (i == steps() - 1) {
            return new StepOutput(denoised.clone(), denoised);
        }
        double prevAlphaBar = table.alphaBar(timesteps[i + 1]);
        double signal = Math.sqrt(prevAlphaBar);
        double spread = Math.sqrt(1 - prevAlphaBar);
        float[] z = Latents.draw(noise, sample.length);
        float[] prev = new float[sample.length];
        for (int j = 0; j < sample.length; j++) {
            prev[j] = (float) (signal * denoised[j] + spread * z[j]);
        }
        return new StepOutput(prev, denoised);
    }
}
