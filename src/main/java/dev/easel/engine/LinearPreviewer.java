package dev.easel.engine;

import dev.easel.media.RgbImage;

/**
 * Previews without a decoder: the family's linear latent→RGB map (ComfyUI's published factors,
 * with SDXL's bias) per latent pixel, upscaled bilinearly ×8. Costs microseconds; holds no
 * session.
 *
 * @param factors rows: latent channels 1–4; columns: R, G, B (owned: not modified)
 * @param bias R, G, B added to every pixel (zero for SD 1.x/2.x)
 */
record LinearPreviewer(float[][] factors, float[] bias) implements Previewer {

    /** The previewer of {@code family}'s latents. */
    static LinearPreviewer of(ModelFamily family) {
        return new LinearPreviewer(family.rgbFactors(), family.rgbBias());
    }

    @Override
    public RgbImage preview(Latents x0, StageTimings timings) {
        long start = System.nanoTime();
        try {
            return linear(x0, factors, bias);
        } finally {
            timings.add(Stage.PREVIEW, System.nanoTime() - start);
        }
    }

    @Override
    public String kind() {
        return "linear";
    }

    @Override
    public void close() {}

    private static RgbImage linear(Latents x0, float[][] factors, float[] bias) {
        int lw = x0.width();
        int lh = x0.height();
        int plane = lw * lh;
        float[] small = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                float v = bias[c];
                for (int l = 0; l < 4; l++) {
                    v += factors[l][c] * x0.data()[l * plane + i];
                }
                small[c * plane + i] = v;
            }
        }
        return RgbImage.fromPlanar(upscale8(small, lw, lh), lw * 8, lh * 8, false);
    }

    /** Bilinear ×8 of planar RGB, sampling at pixel centres (half-pixel alignment). */
    private static float[] upscale8(float[] small, int lw, int lh) {
        int w = lw * 8;
        int h = lh * 8;
        float[] out = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            float sy = Math.clamp((y + 0.5f) / 8f - 0.5f, 0f, lh - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, lh - 1);
            float fy = sy - y0;
            for (int x = 0; x < w; x++) {
                float sx = Math.clamp((x + 0.5f) / 8f - 0.5f, 0f, lw - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, lw - 1);
                float fx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    int base = c * lw * lh;
                    float top = small[base + y0 * lw + x0] * (1 - fx) + small[base + y0 * lw + x1] * fx;
                    float bottom = small[base + y1 * lw + x0] * (1 - fx) + small[base + y1 * lw + x1] * fx;
                    out[c * w * h + y * w + x] = top * (1 - fy) + bottom * fy;
                }
            }
        }
        return out;
    }
}
