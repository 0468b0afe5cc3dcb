package dev.easel.engine;

/**
 * What a loaded model is and accepts. Sizes are in pixels, multiples of 8; a model whose UNet
 * declares a fixed latent size has {@code minSize == maxSize}. {@code maxSteps} is the most steps
 * its default scheduler runs on its scheduler config. {@code family} is what the folder's files
 * are ({@link ModelFamily}).
 */
public record ModelInfo(
        String name,
        ModelFamily family,
        ModelDefaults defaults,
        int maxSteps,
        int minSize,
        int maxSize,
        boolean canEncodeImages,
        boolean inpaintingUnet,
        String previewDecoder,
        String device) {}
