package dev.easel.engine.sched;

/** Shared inputs: a 4-element latent, a UNet output and noise, all exact in float32 so expectations stay tight. */
final class Fixtures {

    static final float[] SAMPLE = {0.5f, -1.25f, 2.0f, 0.125f};
    static final float[] MODEL_OUTPUT = {0.375f, -0.75f, 1.125f, -0.0625f};
    static final float[] NOISE = {0.5f, -1.0f, 0.25f, 2.0f};

    private Fixtures() {}

    /** Stable Diffusion 1.5's table (scaled_linear 0.00085..0.012) with the given knobs. */
    static SchedulerConfig sd15(
            PredictionType prediction, TimestepSpacing spacing, boolean setAlphaToOne, boolean clipSample) {
        return new SchedulerConfig(
                "PNDMScheduler",
                1000,
                0.00085,
                0.012,
                BetaSchedule.SCALED_LINEAR,
                prediction,
                spacing,
                1,
                setAlphaToOne,
                clipSample,
                1.0,
                50,
                10.0);
    }

    static SchedulerConfig sd15(PredictionType prediction, TimestepSpacing spacing) {
        return sd15(prediction, spacing, false, false);
    }

    /** Always returns {@link #NOISE}, counting calls. */
    static final class FixedNoise implements NoiseSource {
        int calls;

        @Override
        public float[] gaussian(int n) {
            calls++;
            return NOISE.clone();
        }
    }

    /** A source that must not be asked. */
    static final NoiseSource NO_NOISE = n -> {
        throw new AssertionError("noise drawn");
    };
}
