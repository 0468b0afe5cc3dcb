package dev.easel.engine.sched;

import java.util.Objects;

/**
 * diffusers' EulerAncestralDiscreteScheduler: a deterministic Euler step down to sigma_down, then fresh
 * noise of size sigma_up, so that sigma_down² + sigma_up² = sigma_{i+1}².
 */
final class EulerAncestralSchedule extends SigmaSchedule {

    EulerAncestralSchedule(SchedulerConfig config, TrainingNoise table, int steps) {
        super(config, table, steps);
    }

    /** The standard deviation of the noise added by step i. */
    double sigmaUp(int i) {
        double from = sigmas[Objects.checkIndex(i, steps())];
        double to = sigmas[i + 1];
        return Math.sqrt(to * to * (from * from - to * to) / (from * from));
    }

    /** The noise level the deterministic part of step i lands on. */
    double sigmaDown(int i) {
        double to = sigmas[Objects.checkIndex(i, steps()) + 1];
        double up = sigmaUp(i);
        return Math.sqrt(Math.max(0, to * to - up * up));
    }

    /** Draws noise on every step, the last included (where sigma_up is 0), as diffusers does. */
    @Override
    public StepOutput step(float[] modelOutput, int i, float[] sample, NoiseSource noise) {
        Latents.requireSameLength(modelOutput, "modelOutput", sample, "sample");
        double sigma = sigmas[Objects.checkIndex(i, steps())];
        double up = sigmaUp(i);
        double dt = sigmaDown(i) - sigma;
        float[] z = Latents.draw(noise, sample.length);
        float[] prev = new float[sample.length];
        float[] original = new float[sample.length];
        for (int j = 0; j < sample.length; j++) {
            double x0 = predictOriginal(modelOutput[j], sample[j], sigma);
            double derivative = (sample[j] - x0) / sigma;
            prev[j] = (float) (sample[j] + derivative * dt + z[j] * up);
            original[j] = (float) x0;
        }
        return new StepOutput(prev, original);
    }
}
