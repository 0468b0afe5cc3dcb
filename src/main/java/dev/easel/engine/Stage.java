package dev.easel.engine;

/** The timed stages of a run, reported by {@code easel bench} and exported as metrics. */
public enum Stage {
    TOKENIZE,
    TEXT_ENCODER,
    VAE_ENCODER,
    UNET,
    PREVIEW,
    VAE_DECODER,
    COMPOSITE
}
