package dev.easel.engine;

import dev.easel.media.RgbImage;

/** A preview decoded from step {@code step}'s predicted clean latents, at the output size. */
public record PreviewImage(int previewIndex, int step, int steps, RgbImage image) {}
