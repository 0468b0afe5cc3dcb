package dev.easel.engine.sched;

import static dev.easel.engine.sched.Expect.close;
import static dev.easel.engine.sched.Expect.closeAll;
import static dev.easel.engine.sched.Fixtures.MODEL_OUTPUT;
import static dev.easel.engine.sched.Fixtures.NOISE;
import static dev.easel.engine.sched.Fixtures.NO_NOISE;
import static dev.easel.engine.sched.Fixtures.SAMPLE;
import static dev.easel.engine.sched.Fixtures.sd15;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * EulerDiscreteScheduler on SD 1.5's table. Expected numbers were worked out in float64 from diffusers'
 * formulas: sigma_t = sqrt((1−ᾱ_t)/ᾱ_t) interpolated at the timesteps, x0 = x − σ·ε (epsilon) or
 * −σ/sqrt(σ²+1)·v + x/(σ²+1) (v), prev = x + (x − x0)/σ·(σ_next − σ).
 */
class EulerSchedulerTest {

    private static Schedule plan(PredictionType prediction, TimestepSpacing spacing, int steps) {
        return Scheduler.create(SchedulerKind.EULER, sd15(prediction, spacing)).schedule(steps);
    }

    @Test
    void linspaceTimestepsAndSigmas() {
        Schedule s = plan(PredictionType.EPSILON, TimestepSpacing.LINSPACE, 4);
        closeAll(Expect.timesteps(s), 999, 666, 333, 0);
        closeAll(
                Expect.sigmas(s),
                14.614641229333639,
                2.9183071154268285,
                0.9323579668348474,
                0.029167158151720367,
                0.0);
        close(s.initNoiseSigma(), 14.614641229333639);
    }

    @Test
    void leadingTimestepsUseStepsOffset() {
        Schedule s = plan(PredictionType.EPSILON, TimestepSpacing.LEADING, 4);
        closeAll(Expect.timesteps(s), 751, 501, 251, 1);
        closeAll(Expect.sigmas(s), 4.116696479276065, 1.623692081515863, 0.6983980911630334, 0.04131441199678309, 0.0);
        close(s.initNoiseSigma(), 4.236412385791066);
    }

    @Test
    void trailingTimestepsStartAtTheLastTrainingStep() {
        Schedule s = plan(PredictionType.EPSILON, TimestepSpacing.TRAILING, 4);
        closeAll(Expect.timesteps(s), 999, 749, 499, 249);
        closeAll(Expect.sigmas(s), 14.614641229333639, 4.081729363724308, 1.612886194303876, 0.6932048996386885, 0.0);
        close(s.initNoiseSigma(), 14.614641229333639);
    }

    @Test
    void trailingRoundsHalfwayTimestepsToEven() {
        Schedule s = plan(PredictionType.EPSILON, TimestepSpacing.TRAILING, 16);
        // arange(1000, 0, -62.5): 937.5 → 938, 812.5 → 812, 562.5 → 562, 62.5 → 62; then minus 1.
        closeAll(Expect.timesteps(s), 999, 937, 874, 811, 749, 687, 624, 561, 499, 437, 374, 311, 249, 187, 124, 61);
    }

    @Test
    void linspaceKeepsFractionalTimestepsAndInterpolatesSigma() {
        Schedule s = plan(PredictionType.EPSILON, TimestepSpacing.LINSPACE, 50);
        close(s.timestep(1), 978.6122436523438);
        close(s.sigma(1), 12.936773065200642);
    }

    @Test
    void scaleModelInputDividesBySqrtSigmaSquaredPlusOne() {
        Schedule s = plan(PredictionType.EPSILON, TimestepSpacing.LEADING, 4);
        close(
                s.scaleModelInput(SAMPLE, 0),
                0.11802439292194518,
                -0.29506098230486294,
                0.4720975716877807,
                0.029506098230486295);
        close(
                s.scaleModelInput(SAMPLE, 3),
                0.4995738253347676,
                -1.2489345633369189,
                1.9982953013390703,
                0.1248934563336919);
    }

    @Test
    void epsilonStep() {
        Schedule s = plan(PredictionType.EPSILON, TimestepSpacing.LEADING, 4);
        StepOutput out = s.step(MODEL_OUTPUT, 0, SAMPLE, NO_NOISE);
        close(out.predOriginal(), -1.0437611797285244, 1.837522359457049, -2.6312835391855733, 0.3822935299547541);
        close(out.prevSample(), -0.43487664916007573, 0.6197532983201515, -0.8046299474802274, 0.28081277486001266);
    }

    @Test
    void lastStepLandsOnThePrediction() {
        Schedule s = plan(PredictionType.EPSILON, TimestepSpacing.LEADING, 4);
        StepOutput out = s.step(MODEL_OUTPUT, 3, SAMPLE, NO_NOISE);
        double[] x0 = {0.48450709550120635, -1.2190141910024126, 1.9535212865036191, 0.12758215074979895};
        close(out.predOriginal(), x0);
        close(out.prevSample(), x0);
    }

    @Test
    void vPredictionStep() {
        Schedule s = plan(PredictionType.V_PREDICTION, TimestepSpacing.LEADING, 4);
        StepOutput out = s.step(MODEL_OUTPUT, 0, SAMPLE, NO_NOISE);
        close(out.predOriginal(), -0.3365434374586626, 0.6591571175927315, -0.9817707977268004, 0.06769870401360518);
        close(out.prevSample(), -0.006597092839019769, -0.09384551687647091, 0.19428812659196182, 0.09029926760192863);
        close(
                s.step(MODEL_OUTPUT, 3, SAMPLE, NO_NOISE).prevSample(),
                0.4836683147872085,
                -1.2169106365340299,
                1.950152958280851,
                0.1273669533351426);
    }

    @Test
    void samplePredictionStep() {
        Schedule s = plan(PredictionType.SAMPLE, TimestepSpacing.LEADING, 4);
        StepOutput out = s.step(MODEL_OUTPUT, 0, SAMPLE, NO_NOISE);
        close(out.predOriginal(), 0.375, -0.75, 1.125, -0.0625);
        close(out.prevSample(), 0.424302034097295, -0.94720813638918, 1.470114238681065, 0.011453051145942514);
    }

    @Test
    void addNoiseScalesNoiseBySigma() {
        Schedule s = plan(PredictionType.EPSILON, TimestepSpacing.LEADING, 4);
        close(
                s.addNoise(SAMPLE, NOISE, 1),
                1.3118460407579315,
                -2.873692081515863,
                2.4059230203789657,
                3.372384163031726);
        float[] end = s.addNoise(SAMPLE, NOISE, 4);
        assertThat(end).containsExactly(SAMPLE).isNotSameAs(SAMPLE);
    }

    @Test
    void inputsAreNotModified() {
        float[] sample = SAMPLE.clone();
        float[] output = MODEL_OUTPUT.clone();
        Schedule s = plan(PredictionType.EPSILON, TimestepSpacing.LEADING, 4);
        s.scaleModelInput(sample, 0);
        s.step(output, 0, sample, NO_NOISE);
        s.addNoise(sample, output, 0);
        assertThat(sample).containsExactly(SAMPLE);
        assertThat(output).containsExactly(MODEL_OUTPUT);
    }

    @Test
    void rejectsBadArguments() {
        Scheduler scheduler = Scheduler.create(SchedulerKind.EULER, SchedulerConfig.defaults());
        assertThatThrownBy(() -> scheduler.schedule(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.schedule(1001)).isInstanceOf(IllegalArgumentException.class);
        Schedule s = scheduler.schedule(4);
        assertThatThrownBy(() -> s.timestep(4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.step(MODEL_OUTPUT, 4, SAMPLE, NO_NOISE))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.addNoise(SAMPLE, NOISE, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.step(new float[3], 0, SAMPLE, NO_NOISE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.addNoise(SAMPLE, new float[5], 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
