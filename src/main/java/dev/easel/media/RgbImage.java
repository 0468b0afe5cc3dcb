package dev.easel.media;

import java.awt.image.BufferedImage;

/**
 * An 8-bit RGB picture, interleaved row-major ({@code rgb[(y·width + x)·3 + c]}). Pixels are
 * integers so that "unchanged" means bit-identical, which is what inpainting promises outside
 * the mask. The array is owned by the record: callers must not modify it after construction.
 */
public record RgbImage(int width, int height, byte[] rgb) {
    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("rgb has " + rgb.length + " bytes, expected " + width * height * 3);
        }
    }

    /** Channel value 0..255 at (x, y). */
    public int at(int x, int y, int channel) {
        return rgb[(y * width + x) * 3 + channel] & 0xFF;
    }

    public static RgbImage fromBufferedImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[i * 3] = (byte) (argb[i] >> 16);
            rgb[i * 3 + 1] = (byte) (argb[i] >> 8);
            rgb[i * 3 + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, rgb);
    }

    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] argb = new int[width * height];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = 0xFF000000 | (rgb[i * 3] & 0xFF) << 16 | (rgb[i * 3 + 1] & 0xFF) << 8 | (rgb[i * 3 + 2] & 0xFF);
        }
        image.setRGB(0, 0, width, height, argb, 0, width);
        return image;
    }

    /** Planar [3, H, W] floats in [-1, 1], the VAE encoder's input convention. */
    public float[] toPlanarSigned() {
        int plane = width * height;
        float[] out = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                out[c * plane + i] = (rgb[i * 3 + c] & 0xFF) / 127.5f - 1f;
            }
        }
        return out;
    }

    /** From planar [3, H, W] floats in [-1, 1] (or [0, 1] when {@code unitRange}), rounded and clamped. */
    public static RgbImage fromPlanar(float[] planar, int width, int height, boolean unitRange) {
        int plane = width * height;
        byte[] rgb = new byte[plane * 3];
        float scale = unitRange ? 255f : 127.5f;
        float offset = (unitRange ? 0f : 127.5f) + 0.5f;
        for (int c = 0; c < 3; c++) {
            int base = c * plane;
            for (int i = 0; i < plane; i++) {
                // Truncation after +0.5 rounds half up; values below 0 truncate toward 0 and clamp.
                int q = (int) (planar[base + i] * scale + offset);
                rgb[i * 3 + c] = (byte) (q < 0 ? 0 : Math.min(q, 255));
            }
        }
        return new RgbImage(width, height, rgb);
    }
}
