package dev.easel.engine.sched;

import static dev.easel.engine.sched.Expect.close;

import org.junit.jupiter.api.Test;

/** Beta schedules and ᾱ_t = Π(1 − β), checked against values worked out in float64. */
class TrainingNoiseTest {

    private static SchedulerConfig config(BetaSchedule schedule, double start, double end) {
        return new SchedulerConfig(
                "DDIMScheduler",
                1000,
                start,
                end,
                schedule,
                PredictionType.EPSILON,
                TimestepSpacing.LEADING,
                0,
                true,
                false,
                1.0,
                50,
                10.0);
    }

    @Test
    void scaledLinearIsSquaredLinspaceOfRoots() {
        double[] betas = BetaSchedule.SCALED_LINEAR.betas(1000, 0.00085, 0.012);
        close(betas[0], 0.00085);
        close(betas[1], 0.0008546986554056862);
        close(betas[999], 0.012);
        TrainingNoise table = TrainingNoise.of(SchedulerConfig.defaults());
        close(table.alphaBar(0), 0.99915);
        close(table.alphaBar(1), 0.9982960278384514);
        close(table.alphaBar(500), 0.2763326838229746);
        close(table.alphaBar(999), 0.004660098513077238);
        close(table.sigma(999), 14.614641229333639);
    }

    @Test
    void linear() {
        double[] betas = BetaSchedule.LINEAR.betas(1000, 0.0001, 0.02);
        close(betas[1], 0.00011991991991991993);
        close(betas[999], 0.02);
        TrainingNoise table = TrainingNoise.of(config(BetaSchedule.LINEAR, 0.0001, 0.02));
        close(table.alphaBar(0), 0.9999);
        close(table.alphaBar(999), 4.035829765375676e-05);
    }

    @Test
    void squaredCosineCapsBetaAt0999() {
        double[] betas = BetaSchedule.SQUAREDCOS_CAP_V2.betas(1000, 0.5, 0.5);
        close(betas[0], 4.128422482196914e-05);
        close(betas[500], 0.003155691441585007);
        close(betas[999], 0.999);
        TrainingNoise table = TrainingNoise.of(config(BetaSchedule.SQUAREDCOS_CAP_V2, 0.0001, 0.02));
        close(table.alphaBar(0), 0.999958715775178);
        close(table.alphaBar(500), 0.49228517244880304);
    }

    @Test
    void interpolatedSigmaIsLinearBetweenNeighboursAndClamped() {
        TrainingNoise table = TrainingNoise.of(SchedulerConfig.defaults());
        double low = table.sigma(10);
        double high = table.sigma(11);
        close(table.interpolatedSigma(10.25), low + 0.25 * (high - low));
        close(table.interpolatedSigma(10), low);
        close(table.interpolatedSigma(1000), table.sigma(999));
    }
}
