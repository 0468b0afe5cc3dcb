package dev.easel.engine;

/**
 * One run's image prompt as the UNet takes it: the mean of its references' image embeddings
 * and the adapter's strength. The unconditional pass of classifier-free guidance gets zeros of
 * the same width, as diffusers does for the basic IP-Adapter.
 */
record ImageEmbeds(float[] values, float scale) {
    ImageEmbeds {
        if (values.length == 0) {
            throw new IllegalArgumentException("an image embedding has at least one value");
        }
    }

    /** The unconditional pass's embedding: zeros, at the same strength. */
    ImageEmbeds unconditional() {
        return new ImageEmbeds(new float[values.length], scale);
    }
}
