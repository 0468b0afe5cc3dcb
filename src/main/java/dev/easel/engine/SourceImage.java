package dev.easel.engine;

import dev.easel.media.RgbImage;

/**
 * The image an edit starts from. {@link Known} carries its exact latents (the final latents of an
 * image this engine generated, or cached encoder output), which skips the VAE encoder and the
 * drift of a decode/encode round trip; {@link PixelsOnly} is encoded with the VAE encoder.
 */
public sealed interface SourceImage {
    RgbImage pixels();

    record PixelsOnly(RgbImage pixels) implements SourceImage {}

    record Known(RgbImage pixels, Latents latents) implements SourceImage {
        public Known {
            if (latents.width() * 8 != pixels.width() || latents.height() * 8 != pixels.height()) {
                throw new IllegalArgumentException("latents do not match the image size");
            }
        }
    }
}
