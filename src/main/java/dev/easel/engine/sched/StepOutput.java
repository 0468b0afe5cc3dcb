package dev.easel.engine.sched;

import java.util.Objects;

/**
 * One denoising step's result: the sample to feed the next step and the current estimate of the
 * clean latents (for previews). The arrays are handed over, not copied.
 */
public record StepOutput(float[] prevSample, float[] predOriginal) {

    public StepOutput {
        Objects.requireNonNull(prevSample, "prevSample");
        Objects.requireNonNull(predOriginal, "predOriginal");
        if (prevSample.length != predOriginal.length) {
            throw new IllegalArgumentException(
                    "prevSample has " + prevSample.length + " values, predOriginal " + predOriginal.length);
        }
    }
}
