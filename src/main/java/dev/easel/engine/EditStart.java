package dev.easel.engine;

/** Where a run's denoising starts: pure noise, or an edit's source latents noised part of the way. */
sealed interface EditStart {

    /** The index of the first step that runs, of {@code steps}. */
    int startIndex(int steps);

    /** The sample the first step that runs starts from. */
    float[] initialSample(RunNoise noise, int startIndex);

    /** True when the source latents were given or cached rather than encoded for this run. */
    boolean sourceReused();

    /** Text to image: every step runs. */
    record FromNoise() implements EditStart {
        @Override
        public int startIndex(int steps) {
            return 0;
        }

        @Override
        public float[] initialSample(RunNoise noise, int startIndex) {
            return noise.pure();
        }

        @Override
        public boolean sourceReused() {
            return false;
        }
    }

    /** img2img: only the last max(1, int(steps × strength)) steps run, from the source noised to their level. */
    record FromSource(Latents latents, double strength, boolean reused) implements EditStart {
        @Override
        public int startIndex(int steps) {
            return startIndex(steps, strength);
        }

        /** The index of the first step an edit at {@code strength} runs, of {@code steps}. */
        static int startIndex(int steps, double strength) {
            return steps - Math.max(1, (int) (steps * strength));
        }

        @Override
        public float[] initialSample(RunNoise noise, int startIndex) {
            return noise.at(latents.data(), startIndex);
        }

        @Override
        public boolean sourceReused() {
            return reused;
        }
    }
}
