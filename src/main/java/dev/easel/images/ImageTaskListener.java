package dev.easel.images;

import dev.easel.engine.GeneratedImage;
import dev.easel.engine.PreviewImage;

/**
 * Progress of an {@link ImageTask}; {@code image} is the 0-based job index. {@link #onStep} comes
 * on the engine's worker thread and must return quickly (when images run in lockstep, the steps of
 * several images interleave). {@link #onPreview} and {@link #onImage} come one at a time, in job
 * order (image 0's previews and image, then image 1's, as one image after another would make
 * them), on a thread of the task's own (never
 * the worker's, which is already denoising the next step), and all before the task's future
 * completes: a listener may encode, store or send there without holding the engine. An exception
 * they throw fails the task (the run ends at its next step).
 */
public interface ImageTaskListener {
    /** Called once per denoising step; a listener may use it to notice a client that went away. */
    default void onStep(int image, int step, int steps) {}

    default void onPreview(int image, PreviewImage preview) {}

    default void onImage(int image, GeneratedImage result) {}

    ImageTaskListener NONE = new ImageTaskListener() {};
}
