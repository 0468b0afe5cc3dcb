package dev.easel.engine.sched;

import java.util.Objects;

/**
 * diffusers' DDIMScheduler with eta = 0 (deterministic). As in diffusers, the step from t lands on
 * t − N div steps whatever the spacing, and below t = 0 on ᾱ = 1 (set_alpha_to_one) or ᾱ_0.
 */
final class DdimSchedule extends AlphaSchedule {

    private final int stride;
    private final double finalAlphaBar;

    DdimSchedule(SchedulerConfig config, TrainingNoise table, int steps) {
        super(
                config,
                table,
                Timesteps.ddim(config.timestepSpacing(), config.numTrainTimesteps(), steps, config.stepsOffset()));
        this.stride = config.numTrainTimesteps() / steps;
        this.finalAlphaBar = config.setAlphaToOne() ? 1.0 : table.alphaBar(0);
    }

    @Override
    public StepOutput step(float[] modelOutput, int i, float[] sample, NoiseSource noise) {
        Latents.requireSameLength(modelOutput, "modelOutput", sample, "sample");
        int t = timesteps[Objects.checkIndex(i, steps())];
        int prevT = t - stride;
        double alphaBar = table.alphaBar(t);
        double prevAlphaBar = prevT >= 0 ? table.alphaBar(prevT) : finalAlphaBar;
        double signal = Math.sqrt(prevAlphaBar);
        double direction = Math.sqrt(1 - prevAlphaBar);
        float[] prev = new float[sample.length];
        float[] original = new float[sample.length];
        for (int j = 0; j < sample.length; j++) {
            double x0 = predictOriginal(modelOutput[j], sample[j], alphaBar);
            double eps = predictEpsilon(modelOutput[j], sample[j], alphaBar);
            prev[j] = (float) (signal * x0 + direction * eps);
            original[j] = (float) x0;
        }
        return new StepOutput(prev, original);
    }
}
