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
 * DDIMScheduler (eta = 0) on SD 1.5's table, 5 steps. Expected: prev timestep t − 200, ᾱ below 0 is 1
 * (set_alpha_to_one) or ᾱ_0 = 0.99915; x0 and ε from the prediction type; prev = sqrt(ᾱ_prev)·x0 +
 * sqrt(1 − ᾱ_prev)·ε.
 */
class DdimSchedulerTest {

    private static Schedule plan(PredictionType prediction, boolean setAlphaToOne, boolean clip) {
        return Scheduler.create(SchedulerKind.DDIM, sd15(prediction, TimestepSpacing.LEADING, setAlphaToOne, clip))
                .schedule(5);
    }

    @Test
    void timestepsForEachSpacing() {
        closeAll(Expect.timesteps(plan(PredictionType.EPSILON, false, false)), 801, 601, 401, 201, 1);
        Scheduler linspace =
                Scheduler.create(SchedulerKind.DDIM, sd15(PredictionType.EPSILON, TimestepSpacing.LINSPACE));
        // linspace(0, 999, 5) = 0, 249.75, 499.5, 749.25, 999, rounded half to even.
        closeAll(Expect.timesteps(linspace.schedule(5)), 999, 749, 500, 250, 0);
        Scheduler trailing =
                Scheduler.create(SchedulerKind.DDIM, sd15(PredictionType.EPSILON, TimestepSpacing.TRAILING));
        closeAll(Expect.timesteps(trailing.schedule(5)), 999, 799, 599, 399, 199);
    }

    @Test
    void noScalingAndUnitInitialNoise() {
        Schedule s = plan(PredictionType.EPSILON, false, false);
        assertThat(s.initNoiseSigma()).isEqualTo(1f);
        assertThat(s.scaleModelInput(SAMPLE, 2)).containsExactly(SAMPLE).isNotSameAs(SAMPLE);
        close(s.sigma(1), 2.292853821788702);
        close(s.sigma(5), 0.0);
    }

    @Test
    void epsilonSteps() {
        Schedule s = plan(PredictionType.EPSILON, false, false);
        StepOutput first = s.step(MODEL_OUTPUT, 0, SAMPLE, NO_NOISE);
        close(first.predOriginal(), 0.6900415851744582, -2.687809797470684, 4.685578009766909, 0.9747652584057296);
        close(first.prevSample(), 0.6195889845506288, -1.761968471788021, 2.904347959025413, 0.3323939214805314);
        StepOutput last = s.step(MODEL_OUTPUT, 4, SAMPLE, NO_NOISE);
        close(last.predOriginal(), 0.4849336337260091, -1.2200805365644194, 1.95522743940283, 0.12768878530599964);
        // set_alpha_to_one false: the last step lands on ᾱ_0, not on x0.
        close(last.prevSample(), 0.4956605279203188, -1.241427961706671, 1.9871953954930237, 0.12581233356830834);
    }

    @Test
    void setAlphaToOneMakesTheLastStepReturnX0() {
        StepOutput last = plan(PredictionType.EPSILON, true, false).step(MODEL_OUTPUT, 4, SAMPLE, NO_NOISE);
        close(last.prevSample(), 0.4849336337260091, -1.2200805365644194, 1.95522743940283, 0.12768878530599964);
    }

    @Test
    void vPredictionSteps() {
        Schedule s = plan(PredictionType.V_PREDICTION, false, false);
        StepOutput first = s.step(MODEL_OUTPUT, 0, SAMPLE, NO_NOISE);
        close(first.predOriginal(), -0.2724980205163994, 0.49720317767453015, -0.721908334832661, 0.08524372288462367);
        close(first.prevSample(), 0.40662975181232675, -1.05729313641662, 1.7079565210209127, 0.13558973535791743);
        close(
                s.step(MODEL_OUTPUT, 4, SAMPLE, NO_NOISE).prevSample(),
                0.49541380103861676,
                -1.240809204008212,
                1.9862046069778072,
                0.12574903476937932);
    }

    @Test
    void samplePredictionStep() {
        StepOutput out = plan(PredictionType.SAMPLE, false, false).step(MODEL_OUTPUT, 0, SAMPLE, NO_NOISE);
        close(out.predOriginal(), 0.375, -0.75, 1.125, -0.0625);
        close(out.prevSample(), 0.5498869028256312, -1.3332333992546404, 2.1165798956836497, 0.10290184419854316);
    }

    @Test
    void clipSampleClampsX0ButKeepsTheUnclippedNoiseDirection() {
        StepOutput out = plan(PredictionType.EPSILON, false, true).step(MODEL_OUTPUT, 0, SAMPLE, NO_NOISE);
        close(out.predOriginal(), 0.6900415851744582, -1.0, 1.0, 0.9747652584057296);
        close(out.prevSample(), 0.6195889845506288, -1.087231937286623, 1.4309626654506624, 0.3323939214805314);
    }

    @Test
    void addNoiseUsesTheStepsTimestep() {
        Schedule s = plan(PredictionType.EPSILON, false, false);
        close(
                s.addNoise(SAMPLE, NOISE, 1),
                0.6581928780313246,
                -1.4163283763022854,
                1.0286947806931144,
                1.8832018603280285);
        assertThat(s.addNoise(SAMPLE, NOISE, 5)).containsExactly(SAMPLE);
    }

    @Test
    void rejectsTimestepsPastTheTable() {
        // leading with steps_offset 1 and 1000 steps plans t = 1000, outside ᾱ_0 .. ᾱ_999.
        Scheduler scheduler = Scheduler.create(SchedulerKind.DDIM, SchedulerConfig.defaults());
        assertThatThrownBy(() -> scheduler.schedule(1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1000");
    }
}
