package dev.easel.engine;

/**
 * Receives a run's progress on the generating thread. Implementations must return quickly (hand
 * heavy work such as image encoding to another thread if the run should not wait for it).
 */
public interface GenerationListener {
    /** After every denoising step, with that step's predicted clean latents. */
    default void onStep(StepProgress progress) {}

    /** When a preview is due: {@code previewIndex} counts 0..k−1. */
    default void onPreview(PreviewImage preview) {}

    GenerationListener NONE = new GenerationListener() {};
}
