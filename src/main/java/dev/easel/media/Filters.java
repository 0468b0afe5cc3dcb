package dev.easel.media;

/**
 * PNG's scanline filters for 8-bit RGB (3 bytes a pixel) or RGBA (4), the filter of each row chosen by the
 * usual heuristic: the one whose output, read as signed bytes, has the least sum of absolute
 * values (libpng's and ImageIO's choice; the first such filter on a tie). Each row is read twice:
 * once for the five sums, once to write the filter chosen; a fixed filter (a partial image's Up)
 * reads it once.
 */
final class Filters {
    static final int NONE = 0;
    static final int SUB = 1;
    static final int UP = 2;
    static final int AVERAGE = 3;
    static final int PAETH = 4;
    /** Not a filter type: each row's filter is chosen. */
    static final int CHOOSE = -1;

    private Filters() {}

    /**
     * Each row as its filter type byte and the filtered bytes, rows in order: IDAT's uncompressed
     * data, for interleaved pixels of {@code bpp} bytes each (3: RGB, 4: RGBA), every row on filter
     * {@code type}, or each on its chosen one for {@link #CHOOSE}.
     */
    static byte[] apply(byte[] rgb, int width, int height, int bpp, int type) {
        if (type < CHOOSE || type > PAETH) {
            throw new IllegalArgumentException("no PNG filter type " + type);
        }
        int stride = width * bpp;
        byte[] out = new byte[(stride + 1) * height];
        byte[] zeros = new byte[stride];
        for (int y = 0; y < height; y++) {
            byte[] up = y == 0 ? zeros : rgb;
            int u = y == 0 ? 0 : (y - 1) * stride;
            int row = y * stride;
            int filter = type == CHOOSE ? choose(rgb, row, up, u, stride, bpp) : type;
            int at = y * (stride + 1);
            out[at] = (byte) filter;
            write(filter, rgb, row, up, u, stride, bpp, out, at + 1);
        }
        return out;
    }

    /** The filter whose output has the least sum of absolute values, for the row at {@code row} over the one at {@code up[u]}. */
    private static int choose(byte[] rgb, int row, byte[] up, int u, int stride, int bpp) {
        long none = 0;
        long sub = 0;
        long upSum = 0;
        long average = 0;
        long paeth = 0;
        for (int i = 0; i < Math.min(bpp, stride); i++) { // no left neighbours: a = c = 0
            int x = rgb[row + i] & 0xFF;
            int b = up[u + i] & 0xFF;
            none += Math.abs((byte) x);
            sub += Math.abs((byte) x);
            upSum += Math.abs((byte) (x - b));
            average += Math.abs((byte) (x - (b >>> 1)));
            paeth += Math.abs((byte) (x - paethPredictor(0, b, 0)));
        }
        for (int i = bpp; i < stride; i++) {
            int x = rgb[row + i] & 0xFF;
            int a = rgb[row + i - bpp] & 0xFF;
            int b = up[u + i] & 0xFF;
            int c = up[u + i - bpp] & 0xFF;
            none += Math.abs((byte) x);
            sub += Math.abs((byte) (x - a));
            upSum += Math.abs((byte) (x - b));
            average += Math.abs((byte) (x - ((a + b) >>> 1)));
            paeth += Math.abs((byte) (x - paethPredictor(a, b, c)));
        }
        int best = NONE;
        long least = none;
        long[] sums = {sub, upSum, average, paeth};
        for (int f = 0; f < sums.length; f++) {
            if (sums[f] < least) {
                least = sums[f];
                best = f + 1;
            }
        }
        return best;
    }

    private static void write(
            int type, byte[] rgb, int row, byte[] up, int u, int stride, int bpp, byte[] out, int at) {
        switch (type) {
            case NONE -> System.arraycopy(rgb, row, out, at, stride);
            case SUB -> {
                for (int i = 0; i < stride; i++) {
                    int a = i < bpp ? 0 : rgb[row + i - bpp];
                    out[at + i] = (byte) (rgb[row + i] - a);
                }
            }
            case UP -> {
                for (int i = 0; i < stride; i++) {
                    out[at + i] = (byte) (rgb[row + i] - up[u + i]);
                }
            }
            case AVERAGE -> {
                for (int i = 0; i < stride; i++) {
                    int a = i < bpp ? 0 : rgb[row + i - bpp] & 0xFF;
                    out[at + i] = (byte) ((rgb[row + i] & 0xFF) - ((a + (up[u + i] & 0xFF)) >>> 1));
                }
            }
            default -> {
                for (int i = 0; i < stride; i++) {
                    int a = i < bpp ? 0 : rgb[row + i - bpp] & 0xFF;
                    int c = i < bpp ? 0 : up[u + i - bpp] & 0xFF;
                    out[at + i] = (byte) ((rgb[row + i] & 0xFF) - paethPredictor(a, up[u + i] & 0xFF, c));
                }
            }
        }
    }

    /** PNG's Paeth predictor: of left, above and upper left, the one nearest to left + above − upper left. */
    static int paethPredictor(int a, int b, int c) {
        int pa = Math.abs(b - c);
        int pb = Math.abs(a - c);
        int pc = Math.abs(a + b - 2 * c);
        int bc = pb <= pc ? b : c;
        return pa <= pb && pa <= pc ? a : bc;
    }
}
