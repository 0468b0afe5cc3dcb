package dev.easel.engine;

import java.util.List;

/**
 * How one run's guidance scale enters its UNet calls, decided by the UNet and the scale (see
 * {@link Unet#guidance(double)}).
 */
sealed interface Guidance {

    /** How many prompts (and copies of the sample) one UNet call takes. */
    int batch();

    /** The prompts to encode, in batch order. */
    List<String> prompts(ImageJob job);

    /** The noise prediction of the sample from the UNet's batched output. */
    float[] combine(float[] batched);

    /** Scale ≤ 1: the conditional pass alone (turbo and LCM models use 0), as diffusers does. */
    record Conditional() implements Guidance {
        @Override
        public int batch() {
            return 1;
        }

        @Override
        public List<String> prompts(ImageJob job) {
            return List.of(job.prompt());
        }

        @Override
        public float[] combine(float[] batched) {
            return batched;
        }
    }

    /**
     * Classifier-free guidance: the unconditional (negative prompt) and conditional passes in one
     * batch of two, combined as uncond + scale · (cond − uncond).
     */
    record ClassifierFree(float scale) implements Guidance {
        @Override
        public int batch() {
            return 2;
        }

        @Override
        public List<String> prompts(ImageJob job) {
            return List.of(job.negativePrompt(), job.prompt());
        }

        @Override
        public float[] combine(float[] batched) {
            int size = batched.length / 2;
            float[] eps = new float[size];
            for (int k = 0; k < size; k++) {
                float uncond = batched[k];
                eps[k] = uncond + scale * (batched[size + k] - uncond);
            }
            return eps;
        }
    }

    /** A guidance-distilled LCM UNet: one conditional pass with the scale embedded as {@code timestep_cond}. */
    record Embedded(TimestepCondition condition) implements Guidance {
        @Override
        public int batch() {
            return 1;
        }

        @Override
        public List<String> prompts(ImageJob job) {
            return List.of(job.prompt());
        }

        @Override
        public float[] combine(float[] batched) {
            return batched;
        }
    }
}
