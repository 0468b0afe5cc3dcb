package dev.easel.media;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;

/** Decoded ImageIO pictures to the engine's pixel and mask types. */
final class Pixels {
    /** OpenAI masks mark the area to change as transparent; half-transparent counts as transparent. */
    static final int OPAQUE_FROM = 128;

    private Pixels() {}

    /**
     * RGB with any alpha dropped (not composited): an edit's source picture keeps its colours under
     * transparent pixels, and what to change is the mask's business, not the image's.
     */
    static RgbImage rgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        if (isComponentGray(image)) {
            grayInto(image, rgb);
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0, i = y * w * 3; x < w; x++, i += 3) {
                    rgb[i] = (byte) (row[x] >> 16);
                    rgb[i + 1] = (byte) (row[x] >> 8);
                    rgb[i + 2] = (byte) row[x];
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /** 1 where alpha < 128, else 0. The caller has checked that the picture has alpha. */
    static Mask transparentArea(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] values = new float[w * h];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                values[y * w + x] = (row[x] >>> 24) < OPAQUE_FROM ? 1f : 0f;
            }
        }
        return new Mask(w, h, values);
    }

    /**
     * Java treats a gray colour space as linear and brightens it on conversion to sRGB, but PNG
     * and JPEG gray samples are already display values, so they are read from the raster instead.
     */
    private static boolean isComponentGray(BufferedImage image) {
        return image.getColorModel() instanceof ComponentColorModel model
                && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    private static void grayInto(BufferedImage image, byte[] rgb) {
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int max = (1 << image.getColorModel().getComponentSize(0)) - 1;
        int[] row = new int[w];
        for (int y = 0; y < image.getHeight(); y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0, i = y * w * 3; x < w; x++, i += 3) {
                byte v = (byte) ((row[x] * 255L + max / 2) / max);
                rgb[i] = v;
                rgb[i + 1] = v;
                rgb[i + 2] = v;
            }
        }
    }
}
