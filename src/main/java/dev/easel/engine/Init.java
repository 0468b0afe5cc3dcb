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
     * Only the pixels {@code mask} marks may change. {@code area} is what the UNet denoises: the
     * whole picture (the default), or only a crop around a small mask ({@link Area#AROUND_MASK}).
     */
    record Masked(Mask mask, Area area) implements MaskChoice {
        public Masked {
            if (mask == null || area == null) {
                throw new IllegalArgumentException("mask and area are required");
            }
        }

        /** A masked edit that denoises the whole picture. */
        public Masked(Mask mask) {
            this(mask, Area.WHOLE_PICTURE);
        }
    }

    /** What a masked edit's UNet sees. */
    enum Area {
        /** The whole picture, so that what it paints fits all of it. */
        WHOLE_PICTURE,
        /**
         * A crop around the mask with some context, as a picture of its own: much cheaper for a
         * small mask, but the UNet sees only that context (the big UIs' "only masked" option).
         */
        AROUND_MASK
    }
}
