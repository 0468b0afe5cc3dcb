package dev.easel.engine;

import java.util.List;

/**
 * How one run's guidance scale enters its UNet calls, decided by the UNet and the scale (see
 * {@link Unet#guidance(double, boolean, GuidanceInterval)}).
 */
sealed interface Guidance {

    /** How many prompts (and copies of the sample) one UNet call takes. */
    int batch();

    /** The prompts to encode, in batch order. */
    List<String> prompts(ImageJob job);

    /** How many of {@link #prompts} lead as negative prompts (the unconditional pass): 1 or 0. */
    default int negatives() {
        return 0;
    }

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
    }

    /**
     * Classifier-free guidance: the unconditional (negative prompt) and conditional passes,
     * combined as uncond + scale · (cond − uncond); batched into one call of two, or run as two
     * calls of one when {@code sequential} (half the activations held at once), on the steps
     * {@code interval} selects (the others run the conditional pass alone).
     */
    record ClassifierFree(float scale, boolean sequential, GuidanceInterval interval) implements Guidance {
        @Override
        public int batch() {
            return 2;
        }

        @Override
        public List<String> prompts(ImageJob job) {
            return List.of(job.negativePrompt(), job.prompt());
        }

        @Override
        public int negatives() {
            return 1;
        }

        float[] combine(float[] uncond, float[] cond) {
            float[] eps = new float[uncond.length];
            for (int k = 0; k < eps.length; k++) {
                eps[k] = uncond[k] + scale * (cond[k] - uncond[k]);
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
    }
}
