package dev.easel.engine;

import dev.easel.engine.synth.MattingGraphs;

/**
 * The alpha the synthetic matting models ({@link MattingGraphs}) give a pixel, worked out here from
 * their documented formula rather than through the engine: the logit is GAIN·(x_R − x_B) with x
 * the pixel normalised by ImageNet's mean and deviation, the alpha 255·sigmoid(logit), rounded.
 */
public final class MattingMask {
    private MattingMask() {}

    public static int alpha(int r, int g, int b) {
        double xr = (r / 255.0 - MattingGraphs.MEAN[0]) / MattingGraphs.STD[0];
        double xb = (b / 255.0 - MattingGraphs.MEAN[2]) / MattingGraphs.STD[2];
        double p = 1 / (1 + Math.exp(-MattingGraphs.GAIN * (xr - xb)));
        return (int) Math.round(255 * p);
    }

    /** The alpha of an ARGB pixel's colour. */
    public static int alpha(int argb) {
        return alpha(argb >> 16 & 0xFF, argb >> 8 & 0xFF, argb & 0xFF);
    }
}
