package dev.easel.engine;

/** The timed stages of a run, reported by {@code easel bench} and exported as metrics. */
public enum Stage {
    TOKENIZE,
    TEXT_ENCODER,
    VAE_ENCODER,
    /** The IP-Adapter's CLIP image encoder, for reference images. */
    IMAGE_ENCODER,
    UNET,
    PREVIEW,
    VAE_DECODER,
    COMPOSITE
}
