package dev.easel.engine.sched;

import java.util.Objects;

/** diffusers' EulerDiscreteScheduler with s_churn = 0: one Euler step of the probability-flow ODE. */
final class EulerSchedule extends SigmaSchedule {

    EulerSchedule(SchedulerConfig config, TrainingNoise table, int steps) {
        super(config, table, steps);
    }

    @Override
    public StepOutput step(float[] modelOutput, int i, float[] sample, NoiseSource noise) {
        Latents.requireSameLength(modelOutput, "modelOutput", sample, "sample");
        double sigma = sigmas[Objects.checkIndex(i, steps())];
        double dt = sigmas[i + 1] - sigma;
        float[] prev = new float[sample.length];
        float[] original = new float[sample.length];
        for (int j = 0; j < sample.length; j++) {
            double x0 = predictOriginal(modelOutput[j], sample[j], sigma);
            double derivative = (sample[j] - x0) / sigma;
            prev[j] = (float) (sample[j] + derivative * dt);
            original[j] = (float) x0;
        }
        return new StepOutput(prev, original);
    }
}
