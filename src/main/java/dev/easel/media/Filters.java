package dev.easel.media;

/**
 * PNG's scanline filters for 8-bit RGB (3 bytes a pixel), the filter of each row chosen by the
 * usual heuristic: the one whose output, read as signed bytes, has the least sum of absolute
 * values (libpng's and ImageIO's choice; the first such filter on a tie). Each row is read twice:
 * once for the five sums, once to write the filter chosen.
 */
final class Filters {
    private static final int BPP = 3;
    static final int NONE = 0;
    static final int SUB = 1;
    static final int UP = 2;
    static final int AVERAGE = 3;
    static final int PAETH = 4;
    /** Not a filter type: each row's filter is chosen. */
    private static final int CHOOSE = -1;

    private Filters() {}

    /** Each row as its filter type byte and the filtered bytes, rows in order: IDAT's uncompressed data. */
    static byte[] apply(RgbImage image) {
        return filter(image, CHOOSE);
    }

    /** Every row filtered with {@code type}, none chosen: IDAT's uncompressed data. */
    static byte[] apply(RgbImage image, int type) {
        if (type < NONE || type > PAETH) {
            throw new IllegalArgumentException("no PNG filter type " + type);
        }
        return filter(image, type);
    }

    private static byte[] filter(RgbImage image, int fixed) {
        int stride = image.width() * BPP;
        int height = image.height();
        byte[] rgb = image.rgb();
        byte[] out = new byte[(stride + 1) * height];
        byte[] zeros = new byte[stride];
        for (int y = 0; y < height; y++) {
            byte[] up = y == 0 ? zeros : rgb;
            int u = y == 0 ? 0 : (y - 1) * stride;
            int row = y * stride;
            int type = fixed == CHOOSE ? choose(rgb, row, up, u, stride) : fixed;
            int at = y * (stride + 1);
            out[at] = (byte) type;
            write(type, rgb, row, up, u, stride, out, at + 1);
        }
        return out;
    }

    /** The filter whose output has the least sum of absolute values, for the row at {@code row} over the one at {@code up[u]}. */
    private static int choose(byte[] rgb, int row, byte[] up, int u, int stride) {
        long none = 0;
        long sub = 0;
        long upSum = 0;
        long average = 0;
        long paeth = 0;
        for (int i = 0; i < Math.min(BPP, stride); i++) { // no left neighbours: a = c = 0
            int x = rgb[row + i] & 0xFF;
            int b = up[u + i] & 0xFF;
            none += Math.abs((byte) x);
            sub += Math.abs((byte) x);
            upSum += Math.abs((byte) (x - b));
            average += Math.abs((byte) (x - (b >>> 1)));
            paeth += Math.abs((byte) (x - paethPredictor(0, b, 0)));
        }
        for (int i = BPP; i < stride; i++) {
            int x = rgb[row + i] & 0xFF;
            int a = rgb[row + i - BPP] & 0xFF;
            int b = up[u + i] & 0xFF;
            int c = up[u + i - BPP] & 0xFF;
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

    private static void write(int type, byte[] rgb, int row, byte[] up, int u, int stride, byte[] out, int at) {
        switch (type) {
            case NONE -> System.arraycopy(rgb, row, out, at, stride);
            case SUB -> {
                for (int i = 0; i < stride; i++) {
                    int a = i < BPP ? 0 : rgb[row + i - BPP];
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
                    int a = i < BPP ? 0 : rgb[row + i - BPP] & 0xFF;
                    out[at + i] = (byte) ((rgb[row + i] & 0xFF) - ((a + (up[u + i] & 0xFF)) >>> 1));
                }
            }
            default -> {
                for (int i = 0; i < stride; i++) {
                    int a = i < BPP ? 0 : rgb[row + i - BPP] & 0xFF;
                    int c = i < BPP ? 0 : up[u + i - BPP] & 0xFF;
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
