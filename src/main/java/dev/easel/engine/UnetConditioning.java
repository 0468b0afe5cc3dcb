package dev.easel.engine;

/**
 * What every UNet call of one run is conditioned on: the prompts' embeddings, how guidance enters
 * the call, and for an inpainting UNet the mask and masked source.
 */
record UnetConditioning(TextEmbeddings text, Guidance guidance, InpaintConditioning inpaint) {
    UnetConditioning {
        if (text.batch() != guidance.batch()) {
            throw new IllegalArgumentException(
                    text.batch() + " prompt embeddings for a guidance batch of " + guidance.batch());
        }
    }
}
