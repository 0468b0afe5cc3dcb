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

import dev.easel.engine.sched.Fixtures.FixedNoise;
import org.junit.jupiter.api.Test;

/**
 * LCMScheduler on SD 1.5's table, original_inference_steps 50, timestep_scaling 10. Expected:
 * timesteps from 20k − 1 (k = 50 .. 1) at indices floor(j·50/steps); c_skip = 0.25/((10t)² + 0.25),
 * c_out = 10t/sqrt((10t)² + 0.25); denoised = c_out·x0 + c_skip·x; prev = sqrt(ᾱ_next)·denoised +
 * sqrt(1 − ᾱ_next)·z.
 */
class LcmSchedulerTest {

    private static Schedule plan(PredictionType prediction, int steps) {
        return Scheduler.create(SchedulerKind.LCM, sd15(prediction, TimestepSpacing.LEADING))
                .schedule(steps);
    }

    @Test
    void timestepsSubsampleTheDistillationSchedule() {
        closeAll(Expect.timesteps(plan(PredictionType.EPSILON, 4)), 999, 759, 499, 259);
        closeAll(Expect.timesteps(plan(PredictionType.EPSILON, 1)), 999);
        closeAll(Expect.timesteps(plan(PredictionType.EPSILON, 8)), 999, 879, 759, 639, 499, 379, 259, 139);
    }

    @Test
    void boundaryConditionScalings() {
        LcmSchedule s = (LcmSchedule) plan(PredictionType.EPSILON, 4);
        close(s.cSkip(999), 2.5050075037374525e-09);
        close(s.cOut(999), 0.9999999987474963);
        close(s.cSkip(259), 3.726837564778493e-08);
        close(s.cOut(259), 0.999999981365812);
        close(s.cSkip(0), 1.0);
        close(s.cOut(0), 0.0);
    }

    @Test
    void epsilonStepRenoisesToTheNextTimestep() {
        FixedNoise noise = new FixedNoise();
        StepOutput out = plan(PredictionType.EPSILON, 4).step(MODEL_OUTPUT, 0, SAMPLE, noise);
        assertThat(noise.calls).isEqualTo(1);
        close(out.predOriginal(), 1.8439163102033216, -7.350036002576195, 12.856155694949068, 2.744516766774072);
        close(out.prevSample(), 0.9081093958530395, -2.653037700075911, 3.1810365488494776, 2.5742132834148608);
    }

    @Test
    void vPredictionStep() {
        StepOutput out = plan(PredictionType.V_PREDICTION, 4).step(MODEL_OUTPUT, 0, SAMPLE, new FixedNoise());
        close(out.predOriginal(), -0.33999275240124793, 0.6629192756433278, -0.9858457988854075, 0.07088731636618154);
        close(out.prevSample(), 0.40908293362933984, -0.8220655259517214, 0.018118662824798626, 1.9632849857214856);
    }

    @Test
    void lastStepReturnsTheDenoisedEstimateWithoutNoise() {
        StepOutput eps = plan(PredictionType.EPSILON, 4).step(MODEL_OUTPUT, 3, SAMPLE, NO_NOISE);
        double[] denoised = {0.34616833264566077, -1.000304507908057, 1.6544406831704532, 0.19894514673966945};
        close(eps.prevSample(), denoised);
        close(eps.predOriginal(), denoised);
        close(
                plan(PredictionType.V_PREDICTION, 4)
                        .step(MODEL_OUTPUT, 3, SAMPLE, NO_NOISE)
                        .prevSample(),
                0.18689667545231206,
                -0.5767366254357713,
                0.9665765754192307,
                0.13796994953390404);
    }

    @Test
    void smallTimestepScalingMixesTheSampleBackIn() {
        // timestep_scaling 0.01 at t = 259: c_skip = 0.035929348529052475, c_out = 0.9818709953303172.
        SchedulerConfig config = new SchedulerConfig(
                "LCMScheduler",
                1000,
                0.00085,
                0.012,
                BetaSchedule.SCALED_LINEAR,
                PredictionType.EPSILON,
                TimestepSpacing.LEADING,
                0,
                true,
                false,
                1.0,
                50,
                0.01);
        Schedule s = Scheduler.create(SchedulerKind.LCM, config).schedule(4);
        close(
                s.step(MODEL_OUTPUT, 3, SAMPLE, NO_NOISE).prevSample(),
                0.35785730762841217,
                -1.0270816410354209,
                1.6963059744424296,
                0.19982963687742838);
    }

    @Test
    void identityScalingAndAddNoise() {
        Schedule s = plan(PredictionType.EPSILON, 4);
        assertThat(s.initNoiseSigma()).isEqualTo(1f);
        assertThat(s.scaleModelInput(SAMPLE, 0)).containsExactly(SAMPLE);
        close(
                s.addNoise(SAMPLE, NOISE, 1),
                0.6010225242936246,
                -1.2591704196442004,
                0.7003888595454719,
                1.9756498142473629);
    }

    @Test
    void rejectsMoreStepsThanTheDistillationSchedule() {
        Scheduler scheduler = Scheduler.create(SchedulerKind.LCM, SchedulerConfig.defaults());
        assertThat(scheduler.schedule(50).steps()).isEqualTo(50);
        assertThatThrownBy(() -> scheduler.schedule(51))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("original_inference_steps");
    }
}
