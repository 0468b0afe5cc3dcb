package dev.easel.engine.sched;

import static dev.easel.engine.sched.BetaSchedule.LINEAR;
import static dev.easel.engine.sched.BetaSchedule.SCALED_LINEAR;
import static dev.easel.engine.sched.PredictionType.EPSILON;
import static dev.easel.engine.sched.TimestepSpacing.LEADING;
import static dev.easel.engine.sched.TimestepSpacing.LINSPACE;

/**
 * The constructor defaults of diffusers scheduler classes, as a config. A field the class has no
 * parameter for takes {@link SchedulerConfig#defaults()}'s value, so that a config written for one
 * class behaves sensibly when another kind runs it.
 */
final class ClassDefaults {

    private ClassDefaults() {}

    static SchedulerConfig of(String className) {
        SchedulerConfig sd = SchedulerConfig.defaults();
        return switch (className) {
            // DDIMScheduler: clip_sample and set_alpha_to_one default to true, spacing to leading.
            case "DDIMScheduler" ->
                new SchedulerConfig(
                        className,
                        1000,
                        0.0001,
                        0.02,
                        LINEAR,
                        EPSILON,
                        LEADING,
                        0,
                        true,
                        true,
                        1.0,
                        sd.originalInferenceSteps(),
                        sd.timestepScaling());
            // DDPMScheduler has clip_sample (default true) but no set_alpha_to_one.
            case "DDPMScheduler" ->
                new SchedulerConfig(
                        className,
                        1000,
                        0.0001,
                        0.02,
                        LINEAR,
                        EPSILON,
                        LEADING,
                        0,
                        sd.setAlphaToOne(),
                        true,
                        1.0,
                        sd.originalInferenceSteps(),
                        sd.timestepScaling());
            case "LCMScheduler" ->
                new SchedulerConfig(
                        className,
                        1000,
                        0.00085,
                        0.012,
                        SCALED_LINEAR,
                        EPSILON,
                        LEADING,
                        0,
                        true,
                        false,
                        1.0,
                        50,
                        10.0);
            case "PNDMScheduler" ->
                new SchedulerConfig(
                        className,
                        1000,
                        0.0001,
                        0.02,
                        LINEAR,
                        EPSILON,
                        LEADING,
                        0,
                        false,
                        sd.clipSample(),
                        sd.clipSampleRange(),
                        sd.originalInferenceSteps(),
                        sd.timestepScaling());
            // Euler, Euler ancestral, LMS, Heun, DPM-Solver, UniPC, DEIS, ...: linear 1e-4..0.02, linspace.
            default ->
                new SchedulerConfig(
                        className,
                        1000,
                        0.0001,
                        0.02,
                        LINEAR,
                        EPSILON,
                        LINSPACE,
                        0,
                        sd.setAlphaToOne(),
                        sd.clipSample(),
                        sd.clipSampleRange(),
                        sd.originalInferenceSteps(),
                        sd.timestepScaling());
        };
    }
}
