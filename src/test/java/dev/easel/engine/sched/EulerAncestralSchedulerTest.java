package dev.easel.engine.sched;

import static dev.easel.engine.sched.Expect.close;
import static dev.easel.engine.sched.Expect.closeAll;
import static dev.easel.engine.sched.Fixtures.MODEL_OUTPUT;
import static dev.easel.engine.sched.Fixtures.NOISE;
import static dev.easel.engine.sched.Fixtures.SAMPLE;
import static dev.easel.engine.sched.Fixtures.sd15;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.engine.sched.Fixtures.FixedNoise;
import org.junit.jupiter.api.Test;

/**
 * EulerAncestralDiscreteScheduler on SD 1.5's table, leading spacing, 4 steps (sigmas 4.1167, 1.6237,
 * 0.6984, 0.0413, 0). Expected: sigma_up = sqrt(σ_next²(σ² − σ_next²)/σ²),
 * sigma_down = sqrt(σ_next² − sigma_up²), prev = x + (x − x0)/σ·(sigma_down − σ) + z·sigma_up.
 */
class EulerAncestralSchedulerTest {

    private static EulerAncestralSchedule plan(PredictionType prediction) {
        return (EulerAncestralSchedule)
                Scheduler.create(SchedulerKind.EULER_ANCESTRAL, sd15(prediction, TimestepSpacing.LEADING))
                        .schedule(4);
    }

    @Test
    void sharesEulersTimestepsAndSigmas() {
        Schedule s = plan(PredictionType.EPSILON);
        closeAll(Expect.timesteps(s), 751, 501, 251, 1);
        closeAll(Expect.sigmas(s), 4.116696479276065, 1.623692081515863, 0.6983980911630334, 0.04131441199678309, 0.0);
        close(s.initNoiseSigma(), 4.236412385791066);
    }

    @Test
    void sigmaUpAndDownSplitTheNextNoiseLevel() {
        EulerAncestralSchedule s = plan(PredictionType.EPSILON);
        close(s.sigmaUp(0), 1.4920624202660862);
        close(s.sigmaDown(0), 0.640410578931224);
        close(s.sigmaUp(3), 0.0);
        close(s.sigmaDown(3), 0.0);
    }

    @Test
    void epsilonStepAddsFreshNoise() {
        FixedNoise noise = new FixedNoise();
        StepOutput out = plan(PredictionType.EPSILON).step(MODEL_OUTPUT, 0, SAMPLE, noise);
        assertThat(noise.calls).isEqualTo(1);
        close(out.predOriginal(), -1.0437611797285244, 1.837522359457049, -2.6312835391855733, 0.3822935299547541);
        close(out.prevSample(), -0.05757600249627237, -0.13484799500745526, -1.537806032821425, 3.326392709303725);
    }

    @Test
    void vPredictionStep() {
        StepOutput out = plan(PredictionType.V_PREDICTION).step(MODEL_OUTPUT, 0, SAMPLE, new FixedNoise());
        close(out.predOriginal(), -0.3365434374586626, 0.6591571175927315, -0.9817707977268004, 0.06769870401360518);
        close(out.prevSample(), 0.5396239801361044, -1.1299017951529833, -0.14489841516274493, 3.060737574598974);
    }

    @Test
    void lastStepDrawsNoiseButAddsNone() {
        FixedNoise noise = new FixedNoise();
        StepOutput out = plan(PredictionType.EPSILON).step(MODEL_OUTPUT, 3, SAMPLE, noise);
        assertThat(noise.calls).isEqualTo(1);
        close(out.prevSample(), 0.48450709550120635, -1.2190141910024126, 1.9535212865036191, 0.12758215074979895);
    }

    @Test
    void addNoiseMatchesEuler() {
        close(
                plan(PredictionType.EPSILON).addNoise(SAMPLE, NOISE, 1),
                1.3118460407579315,
                -2.873692081515863,
                2.4059230203789657,
                3.372384163031726);
    }

    @Test
    void rejectsSamplePredictionAndShortNoise() {
        assertThatThrownBy(() -> Scheduler.create(
                        SchedulerKind.EULER_ANCESTRAL, sd15(PredictionType.SAMPLE, TimestepSpacing.LEADING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample");
        assertThatThrownBy(() -> plan(PredictionType.EPSILON).step(MODEL_OUTPUT, 0, SAMPLE, n -> new float[n - 1]))
                .isInstanceOf(IllegalStateException.class);
    }
}
