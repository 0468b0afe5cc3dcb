package dev.easel.engine.synth;

/**
 * Channel widths of the SD 1.5 UNet, optionally divided down so tests can run the same wiring in
 * seconds. The cross-attention context stays 768 wide because it is a graph input with a fixed
 * shape, and the text encoders it comes from do not shrink with the UNet.
 *
 * @param base width of the first level (320 at full size)
 * @param contextDim width of {@code encoder_hidden_states}
 */
record UnetWidths(int base, int contextDim) {
    /** Width multipliers of the four levels, as in SD 1.5's block_out_channels (320, 640, 1280, 1280). */
    private static final int[] LEVEL_MULTIPLIERS = {1, 2, 4, 4};

    static final int LATENT_CHANNELS = 4;
    static final int MAX_GROUPS = 32;
    static final int MAX_HEADS = 8;

    UnetWidths {
        if (base < 8 || base % 8 != 0) {
            throw new IllegalArgumentException("base width must be a positive multiple of 8: " + base);
        }
    }

    /** SD 1.5 widths divided by {@code divisor} (1 = full size; 8 gives 40/80/160/160). */
    static UnetWidths divided(int divisor) {
        if (divisor < 1 || 320 % divisor != 0) {
            throw new IllegalArgumentException("divisor must divide 320: " + divisor);
        }
        return new UnetWidths(320 / divisor, 768);
    }

    static int levels() {
        return LEVEL_MULTIPLIERS.length;
    }

    int level(int index) {
        return base * LEVEL_MULTIPLIERS[index];
    }

    /** Time embedding width: 4 × base, 1280 at full size. */
    int timeEmbed() {
        return 4 * base;
    }

    /**
     * GroupNorm group count: 32 where it divides the channels (always at full size), otherwise
     * the largest smaller divisor, so every group still covers whole channels in scaled models.
     */
    static int groups(int channels) {
        return largestDivisorUpTo(channels, MAX_GROUPS);
    }

    /** Attention heads: 8 where they divide the width (always at full size), never fewer than 1. */
    static int heads(int channels) {
        return largestDivisorUpTo(channels, MAX_HEADS);
    }

    private static int largestDivisorUpTo(int n, int limit) {
        for (int d = Math.min(n, limit); d > 1; d--) {
            if (n % d == 0) {
                return d;
            }
        }
        return 1;
    }
}
