package dev.easel.engine;

/**
 * What a loaded model is and accepts. Sizes are in pixels, multiples of 8; a model whose UNet
 * declares a fixed latent size has {@code minSize == maxSize}. {@code family} is what the folder's
 * files are ({@link ModelFamily}).
 */
public record ModelInfo(
        String name,
        ModelFamily family,
        ModelDefaults defaults,
        int minSize,
        int maxSize,
        boolean canEncodeImages,
        boolean inpaintingUnet,
        String previewDecoder,
        String device) {}
