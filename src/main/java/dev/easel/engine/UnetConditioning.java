package dev.easel.engine;

import java.util.Optional;

/**
 * What every UNet call of one run is conditioned on: the prompts' embeddings, how guidance enters
 * the call, for an inpainting UNet the mask and masked source, and for an IP-Adapter UNet the
 * references' image embedding (empty: no references, so the adapter gets zeros at strength 0).
 */
record UnetConditioning(
        TextEmbeddings text, Guidance guidance, InpaintConditioning inpaint, Optional<ImageEmbeds> image) {
    UnetConditioning {
        if (text.batch() != guidance.batch()) {
            throw new IllegalArgumentException(
                    text.batch() + " prompt embeddings for a guidance batch of " + guidance.batch());
        }
    }

    /** A run without reference images. */
    UnetConditioning(TextEmbeddings text, Guidance guidance, InpaintConditioning inpaint) {
        this(text, guidance, inpaint, Optional.empty());
    }
}
