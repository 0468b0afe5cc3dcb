package dev.easel.engine.sched;

/**
 * One run's plan and per-step math; used by one thread. Arrays are flat [B*C*H*W] latents; methods
 * never modify their inputs, they return new arrays. Step indices are 0-based; an index outside the
 * documented range throws {@link IndexOutOfBoundsException}, arrays of unequal length
 * {@link IllegalArgumentException}.
 */
public interface Schedule {

    int steps();

    /** The value fed to the UNet's {@code timestep} input at step i, e.g. 999.0, 979.0 ... (not sigma). */
    float timestep(int i);

    /**
     * Multiply unit Gaussian noise by this to start a full run (diffusers' init_noise_sigma). Euler
     * family: sigma_max for linspace and trailing spacing, sqrt(sigma_max² + 1) for leading; DDIM/LCM: 1.
     */
    float initNoiseSigma();

    /** Input scaling before the UNet (Euler family: sample / sqrt(sigma_i² + 1); DDIM/LCM: identity copy). */
    float[] scaleModelInput(float[] sample, int i);

    /**
     * One step from the UNet output at step i. Returns the previous (less noisy) sample and the predicted
     * clean sample x0 (used for previews; LCM: its boundary-condition "denoised" estimate). Ancestral
     * Euler draws fresh noise from {@code noise} on every step, LCM on all but its last.
     */
    StepOutput step(float[] modelOutput, int i, float[] sample, NoiseSource noise);

    /**
     * {@code original} (clean latents) noised with {@code noise} to the level of the sample that enters
     * step i (0 ≤ i ≤ steps()), for img2img starts and inpainting re-noise; i == steps() returns a copy of
     * original. Euler family: original + noise·sigma_i; DDIM/LCM: sqrt(ᾱ_t)·x0 + sqrt(1−ᾱ_t)·ε with
     * t = timestep(i).
     */
    float[] addNoise(float[] original, float[] noise, int i);

    /** Noise level of step i's input as sigma = sqrt((1−ᾱ)/ᾱ) (for logging/tests); i == steps() → 0. */
    double sigma(int i);
}
