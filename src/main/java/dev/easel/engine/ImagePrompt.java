package dev.easel.engine;

import dev.easel.media.RgbImage;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What a run's pictures are steered by besides its prompts: nothing, or reference images through
 * the model's IP-Adapter ({@link ReferenceSupport}).
 */
public sealed interface ImagePrompt {
    /** The most reference images one run takes (an edit's 16 input images less the one edited). */
    int MAX_REFERENCES = 15;

    /** The adapter's strength range a request may ask for. */
    double MAX_SCALE = 2.0;

    /** No reference images: the run is exactly what it would be without an adapter. */
    record None() implements ImagePrompt {}

    /**
     * Reference images, each encoded by the model's image encoder; their embeddings are averaged
     * into one image prompt. {@code scale} is the adapter's strength (empty: the model's default).
     */
    record References(List<RgbImage> images, OptionalDouble scale) implements ImagePrompt {
        public References {
            images = List.copyOf(images);
            if (images.isEmpty() || images.size() > MAX_REFERENCES) {
                throw new IllegalArgumentException(
                        "between 1 and " + MAX_REFERENCES + " reference images: " + images.size());
            }
            if (scale.isPresent() && !(scale.getAsDouble() >= 0 && scale.getAsDouble() <= MAX_SCALE)) {
                throw new IllegalArgumentException(
                        "the adapter scale must be between 0 and " + MAX_SCALE + ": " + scale.getAsDouble());
            }
        }
    }
}
