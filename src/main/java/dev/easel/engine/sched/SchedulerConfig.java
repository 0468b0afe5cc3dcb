package dev.easel.engine.sched;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The numerics-relevant subset of a diffusers {@code scheduler_config.json}. One record serves every
 * kind, so a model's config can drive a scheduler other than the one it names (as diffusers'
 * {@code from_config} does); fields a kind does not use are ignored by it.
 *
 * @param className the diffusers {@code _class_name}, e.g. "PNDMScheduler"
 * @param numTrainTimesteps length of the training noise table (t = 0 .. numTrainTimesteps−1)
 * @param betaStart β at t = 0 (unused by {@link BetaSchedule#SQUAREDCOS_CAP_V2})
 * @param betaEnd β at the last training step
 * @param stepsOffset added to {@link TimestepSpacing#LEADING} timesteps (Euler family and DDIM)
 * @param setAlphaToOne DDIM: whether the step after t = 0 is fully clean (ᾱ = 1) or ᾱ_0
 * @param clipSample DDIM and LCM: clamp predicted x0 to ±clipSampleRange
 * @param originalInferenceSteps LCM: the distillation schedule's step count the run subsamples
 * @param timestepScaling LCM: t is multiplied by this in the boundary-condition scalings
 */
public record SchedulerConfig(
        String className,
        int numTrainTimesteps,
        double betaStart,
        double betaEnd,
        BetaSchedule betaSchedule,
        PredictionType predictionType,
        TimestepSpacing timestepSpacing,
        int stepsOffset,
        boolean setAlphaToOne,
        boolean clipSample,
        double clipSampleRange,
        int originalInferenceSteps,
        double timestepScaling) {

    public SchedulerConfig {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(betaSchedule, "betaSchedule");
        Objects.requireNonNull(predictionType, "predictionType");
        Objects.requireNonNull(timestepSpacing, "timestepSpacing");
        if (className.isBlank()) {
            throw new IllegalArgumentException("className is blank");
        }
        if (numTrainTimesteps < 1) {
            throw new IllegalArgumentException("numTrainTimesteps must be ≥ 1, got " + numTrainTimesteps);
        }
        if (!(betaStart > 0 && betaStart < 1)) {
            throw new IllegalArgumentException("betaStart must be in (0, 1), got " + betaStart);
        }
        if (!(betaEnd > 0 && betaEnd < 1)) {
            throw new IllegalArgumentException("betaEnd must be in (0, 1), got " + betaEnd);
        }
        if (stepsOffset < 0) {
            throw new IllegalArgumentException("stepsOffset must be ≥ 0, got " + stepsOffset);
        }
        if (!(clipSampleRange > 0 && Double.isFinite(clipSampleRange))) {
            throw new IllegalArgumentException("clipSampleRange must be positive, got " + clipSampleRange);
        }
        if (originalInferenceSteps < 1) {
            throw new IllegalArgumentException("originalInferenceSteps must be ≥ 1, got " + originalInferenceSteps);
        }
        if (!(timestepScaling > 0 && Double.isFinite(timestepScaling))) {
            throw new IllegalArgumentException("timestepScaling must be positive, got " + timestepScaling);
        }
    }

    /**
     * diffusers defaults for Stable Diffusion 1.5 (its PNDM config: scaled_linear 0.00085..0.012, 1000
     * steps, epsilon, leading, steps_offset 1, set_alpha_to_one false, clip_sample false), with LCM's
     * original_inference_steps 50 and timestep_scaling 10.
     */
    public static SchedulerConfig defaults() {
        return new SchedulerConfig(
                "PNDMScheduler",
                1000,
                0.00085,
                0.012,
                BetaSchedule.SCALED_LINEAR,
                PredictionType.EPSILON,
                TimestepSpacing.LEADING,
                1,
                false,
                false,
                1.0,
                50,
                10.0);
    }

    /**
     * Parses scheduler_config.json text. Missing keys take the defaults of the diffusers class named by
     * {@code _class_name} (keys that class lacks take {@link #defaults()}'s values); unknown keys are
     * ignored.
     *
     * @throws IllegalArgumentException for malformed JSON, a missing {@code _class_name}, a value of the
     *     wrong type or out of range, or {@code trained_betas} (unsupported)
     */
    public static SchedulerConfig parse(String json) {
        return ConfigJson.parse(json);
    }

    /** Reads and {@linkplain #parse parses} a scheduler_config.json file (UTF-8). */
    public static SchedulerConfig read(Path file) throws IOException {
        return parse(Files.readString(file));
    }
}
