package dev.easel.charts;

import dev.easel.media.RgbImage;
import java.awt.Color;

/** Reading rendered charts back: colours at pixels and column scans. */
final class Pixels {
    private Pixels() {}

    static int rgb(RgbImage image, int x, int y) {
        return image.at(x, y, 0) << 16 | image.at(x, y, 1) << 8 | image.at(x, y, 2);
    }

    static boolean is(RgbImage image, int x, int y, Color c) {
        return rgb(image, x, y) == (c.getRGB() & 0xFFFFFF);
    }

    /** Not white, not a grid line: something drawn as data. */
    static boolean drawn(RgbImage image, int x, int y) {
        int p = rgb(image, x, y);
        return p != 0xFFFFFF && p != (Palette.GRID.getRGB() & 0xFFFFFF);
    }

    /** Dark enough to be text. */
    static boolean dark(RgbImage image, int x, int y) {
        return image.at(x, y, 0) + image.at(x, y, 1) + image.at(x, y, 2) < 3 * 140;
    }

    static int darkPixels(RgbImage image, int y0, int y1) {
        int n = 0;
        for (int y = Math.max(0, y0); y < Math.min(image.height(), y1); y++) {
            for (int x = 0; x < image.width(); x++) {
                n += dark(image, x, y) ? 1 : 0;
            }
        }
        return n;
    }

    interface Test {
        boolean at(int y);
    }

    /** The first y in [y0, y1) where the test holds, or -1. */
    static int first(int y0, int y1, Test t) {
        for (int y = y0; y < y1; y++) {
            if (t.at(y)) {
                return y;
            }
        }
        return -1;
    }

    /** The last y in [y0, y1) where the test holds, or -1. */
    static int last(int y0, int y1, Test t) {
        for (int y = y1 - 1; y >= y0; y--) {
            if (t.at(y)) {
                return y;
            }
        }
        return -1;
    }
}
