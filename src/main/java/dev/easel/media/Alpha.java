package dev.easel.media;

/**
 * An 8-bit alpha plane for an {@link RgbImage} of the same size, row-major
 * ({@code alpha[y·width + x]}): 0 transparent, 255 opaque, straight (not premultiplied), so the
 * picture's colours stay as they were made under every pixel. The array is owned by the record:
 * callers must not modify it after construction.
 */
public record Alpha(int width, int height, byte[] alpha) {
    public Alpha {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("alpha size must be positive: " + width + "x" + height);
        }
        if (alpha.length != width * height) {
            throw new IllegalArgumentException("alpha has " + alpha.length + " bytes, expected " + width * height);
        }
    }

    /** The alpha 0..255 at (x, y). */
    public int at(int x, int y) {
        return alpha[y * width + x] & 0xFF;
    }

    /**
     * From coverage values in [0, 1] (a matting model's mask), each rounded to the nearest of 0..255;
     * values outside [0, 1] are clamped.
     */
    public static Alpha fromCoverage(float[] coverage, int width, int height) {
        byte[] out = new byte[coverage.length];
        for (int i = 0; i < coverage.length; i++) {
            out[i] = (byte) Math.clamp(Math.round(coverage[i] * 255f), 0, 255);
        }
        return new Alpha(width, height, out);
    }

    /** Whether it fits {@code image} pixel for pixel. */
    public boolean fits(RgbImage image) {
        return image.width() == width && image.height() == height;
    }

    /** The picture with this alpha, as straight ARGB. */
    public java.awt.image.BufferedImage over(RgbImage image) {
        if (!fits(image)) {
            throw new IllegalArgumentException(
                    "alpha is " + width + "x" + height + ", the image " + image.width() + "x" + image.height());
        }
        var out = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        int[] argb = new int[width * height];
        byte[] rgb = image.rgb();
        for (int i = 0; i < argb.length; i++) {
            argb[i] = (alpha[i] & 0xFF) << 24
                    | (rgb[i * 3] & 0xFF) << 16
                    | (rgb[i * 3 + 1] & 0xFF) << 8
                    | (rgb[i * 3 + 2] & 0xFF);
        }
        out.setRGB(0, 0, width, height, argb, 0, width);
        return out;
    }
}
