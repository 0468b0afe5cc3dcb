package dev.easel.engine;

import dev.easel.media.Mask;

/** Where a run starts: pure noise, or an existing image (img2img, or inpainting with a mask). */
public sealed interface Init {

    /** Text to image. */
    record Noise() implements Init {}

    /**
     * An edit of {@code source}. Only {@code max(1, int(steps × strength))} steps run. With a
     * mask, pixels outside it are kept exactly (see {@link Mask}); without, the whole image moves.
     */
    record Edit(SourceImage source, double strength, MaskChoice mask) implements Init {
        public Edit {
            if (!(strength > 0 && strength <= 1)) {
                throw new IllegalArgumentException("strength must be in (0, 1]: " + strength);
            }
        }
    }

    /** Masked or whole-image edit. */
    sealed interface MaskChoice {}

    record WholeImage() implements MaskChoice {}

    /**
     * Only the pixels {@code mask} marks may change. What the UNet denoises, the whole picture or
     * a crop around the mask, is the run's {@link InpaintArea} option.
     */
    record Masked(Mask mask) implements MaskChoice {
        public Masked {
            if (mask == null) {
                throw new IllegalArgumentException("mask is required");
            }
        }
    }
}
