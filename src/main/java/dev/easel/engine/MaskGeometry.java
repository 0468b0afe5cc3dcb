package dev.easel.engine;

import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import java.util.Optional;

/**
 * The three layers that keep pixels outside an inpainting mask unchanged
 * (shared/notes/engine-facts.md): a latent mask (every 8×8 block holding a pixel to change),
 * used to put the source latents back at each step and after the last; and a feathered pixel
 * alpha, used to paste the source pixels back after decoding. The alpha is the latent mask
 * upsampled and box-blurred by {@link #FEATHER} pixels, so it is exactly 0 — and the pixel exactly
 * the source's — at every pixel more than {@link #MARGIN} pixels from the mask.
 */
final class MaskGeometry {
    /** Blur radius of the pixel alpha. */
    static final int FEATHER = 4;
    /** Block rounding (up to 7 px) plus the feather: beyond this distance pixels are the source's. */
    public static final int MARGIN = 7 + FEATHER + 1;

    final float[] latentMask;
    final float[] pixelAlpha;
    final int width;
    final int height;

    MaskGeometry(Mask mask) {
        this.width = mask.width();
        this.height = mask.height();
        int lw = width / 8;
        int lh = height / 8;
        latentMask = new float[lw * lh];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (mask.changes(x, y)) {
                    latentMask[(y / 8) * lw + x / 8] = 1f;
                }
            }
        }
        float[] blocks = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                blocks[y * width + x] = latentMask[(y / 8) * lw + x / 8];
            }
        }
        pixelAlpha = boxBlur(blocks, width, height, FEATHER);
    }

    /** {@code generated} where the latent mask is 1, {@code source} elsewhere, for every channel. */
    float[] blendLatents(float[] generated, float[] source) {
        int plane = latentMask.length;
        float[] out = new float[generated.length];
        for (int i = 0; i < generated.length; i++) {
            out[i] = latentMask[i % plane] > 0 ? generated[i] : source[i];
        }
        return out;
    }

    /**
     * The latents whose pixels the alpha lets through: the latent mask's bounding box grown by the
     * feather (under one latent, so by one latent); empty when the mask changes nothing. Every
     * pixel outside it has alpha 0.
     */
    Optional<LatentRegion> changeBounds() {
        int lw = width / 8;
        int lh = height / 8;
        int x0 = lw;
        int y0 = lh;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < lh; y++) {
            for (int x = 0; x < lw; x++) {
                if (latentMask[y * lw + x] > 0) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) {
            return Optional.empty();
        }
        int feather = Math.ceilDiv(FEATHER, 8);
        return Optional.of(new LatentRegion(x0, y0, x1 - x0 + 1, y1 - y0 + 1).grown(feather, lw, lh));
    }

    /**
     * Pastes {@code source} back through the feathered alpha over {@code generated}, the decoded
     * pixels of the latent region {@code at}; alpha 0 keeps source bytes exactly, and outside
     * {@code at} (which must hold every pixel of non-zero alpha) the picture is the source's.
     */
    RgbImage composite(RgbImage generated, LatentRegion at, RgbImage source) {
        byte[] src = source.rgb();
        byte[] gen = generated.rgb();
        byte[] out = src.clone();
        int px0 = at.x() * 8;
        int py0 = at.y() * 8;
        int gw = generated.width();
        for (int gy = 0; gy < generated.height(); gy++) {
            for (int gx = 0; gx < gw; gx++) {
                int i = (py0 + gy) * width + px0 + gx;
                float a = pixelAlpha[i];
                if (a > 0f) {
                    for (int c = 0; c < 3; c++) {
                        int k = i * 3 + c;
                        float v = a * (gen[(gy * gw + gx) * 3 + c] & 0xFF) + (1 - a) * (src[k] & 0xFF);
                        out[k] = (byte) Math.round(v);
                    }
                }
            }
        }
        return new RgbImage(width, height, out);
    }

    /** Separable box blur of radius r; exact zeros stay zero farther than r from any non-zero. */
    private static float[] boxBlur(float[] in, int w, int h, int r) {
        float[] tmp = new float[in.length];
        float[] out = new float[in.length];
        float norm = 2 * r + 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int k = -r; k <= r; k++) {
                    s += in[y * w + Math.clamp(x + k, 0, w - 1)];
                }
                tmp[y * w + x] = s / norm;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int k = -r; k <= r; k++) {
                    s += tmp[Math.clamp(y + k, 0, h - 1) * w + x];
                }
                out[y * w + x] = s / norm;
            }
        }
        return out;
    }
}
