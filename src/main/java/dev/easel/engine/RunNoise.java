package dev.easel.engine;

import dev.easel.engine.sched.Schedule;

/**
 * A run's schedule and its one draw of starting noise. Pure noise starts a text-to-image run;
 * clean latents noised to a step's level start img2img and, every step, put the source back
 * outside an inpainting mask: all from the same draw, so the seed fixes the whole run.
 */
record RunNoise(Schedule schedule, float[] noise) {

    /** The first sample of a run from noise: the noise scaled to the schedule's starting level. */
    float[] pure() {
        float factor = schedule.initNoiseSigma();
        float[] out = new float[noise.length];
        for (int i = 0; i < noise.length; i++) {
            out[i] = noise[i] * factor;
        }
        return out;
    }

    /** {@code clean} noised to the level at which step {@code step} starts. */
    float[] at(float[] clean, int step) {
        return schedule.addNoise(clean, noise, step);
    }
}
