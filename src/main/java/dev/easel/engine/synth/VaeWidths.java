package dev.easel.engine.synth;

/**
 * Channel widths of SD 1.5's AutoencoderKL (block_out_channels 128, 256, 512, 512), optionally
 * divided down so tests run the same wiring in a moment. The latent and pixel channel counts are
 * part of the interface and never shrink.
 *
 * @param base width of the first encoder level, the last decoder level (128 at full size)
 */
record VaeWidths(int base) {
    private static final int[] LEVEL_MULTIPLIERS = {1, 2, 4, 4};
    static final int LATENT_CHANNELS = 4;
    static final int PIXEL_CHANNELS = 3;

    VaeWidths {
        if (base < 8 || base % 8 != 0) {
            throw new IllegalArgumentException("base width must be a positive multiple of 8: " + base);
        }
    }

    /** SD 1.5 VAE widths divided by {@code divisor} (1 = full size; 8 gives 16/32/64/64). */
    static VaeWidths divided(int divisor) {
        if (divisor < 1 || 128 % divisor != 0 || 128 / divisor < 8) {
            throw new IllegalArgumentException("divisor must divide 128 and leave at least 8: " + divisor);
        }
        return new VaeWidths(128 / divisor);
    }

    static int levels() {
        return LEVEL_MULTIPLIERS.length;
    }

    int level(int index) {
        return base * LEVEL_MULTIPLIERS[index];
    }

    int deepest() {
        return level(levels() - 1);
    }
}
