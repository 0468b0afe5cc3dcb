package dev.easel.images;

import dev.easel.engine.GeneratedImage;
import dev.easel.engine.PreviewImage;

/** Progress of an {@link ImageTask}, on the worker thread; {@code image} is the 0-based job index. */
public interface ImageTaskListener {
    /** Called once per denoising step; a listener may use it to notice a client that went away. */
    default void onStep(int image, int step, int steps) {}

    default void onPreview(int image, PreviewImage preview) {}

    default void onImage(int image, GeneratedImage result) {}

    ImageTaskListener NONE = new ImageTaskListener() {};
}
