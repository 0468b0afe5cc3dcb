package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import javax.imageio.ImageIO;

/** Pictures the wire tests upload, and checks of the pictures the server returns. */
final class WireImages {
    private WireImages() {}

    /** Deterministic RGB noise: any change by the server shows in every pixel. */
    static BufferedImage noise(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }

    /** An OpenAI edit mask: opaque everywhere except a transparent rectangle [x0,x1)×[y0,y1). */
    static BufferedImage maskWithHole(int width, int height, int x0, int y0, int x1, int y1) {
        BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean hole = x >= x0 && x < x1 && y >= y0 && y < y1;
                mask.setRGB(x, y, hole ? 0x00000000 : 0xFF000000);
            }
        }
        return mask;
    }

    static byte[] png(BufferedImage image) {
        return write(image, "png");
    }

    static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A {@code data:image/png;base64,...} URL of these PNG bytes. */
    static String pngDataUrl(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    /** The mean absolute difference of two same-sized pictures over R, G and B, 0 to 255. */
    static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        assertThat(b.getWidth() + "x" + b.getHeight())
                .as("sizes compared")
                .isEqualTo(a.getWidth() + "x" + a.getHeight());
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs((p >> shift & 0xFF) - (q >> shift & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    static byte[] base64(String b64) {
        assertThat(b64).as("b64_json").isNotBlank();
        return Base64.getDecoder().decode(b64);
    }

    /** Decodes with ImageIO (WebP through the webp-imageio plugin on the test classpath). */
    /** The RGB pixels of a base64 image, row by row: equal for equal pictures whatever the file's metadata. */
    static java.util.List<Integer> pixels(String b64) {
        BufferedImage image = decode(base64(b64));
        int[] argb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        return java.util.Arrays.stream(argb).boxed().toList();
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertThat(image).as("ImageIO could not decode %s", head(bytes)).isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts the format's magic bytes and the decoded size; returns the picture. */
    static BufferedImage assertImage(byte[] bytes, String format, int width, int height) {
        switch (format) {
            case "png" ->
                assertThat(Arrays.copyOf(bytes, 8))
                        .as("PNG signature of %s", head(bytes))
                        .isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            case "jpeg" ->
                assertThat(Arrays.copyOf(bytes, 3))
                        .as("JPEG SOI marker of %s", head(bytes))
                        .isEqualTo(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
            case "webp" -> {
                assertThat(Arrays.copyOfRange(bytes, 0, 4))
                        .as("RIFF of %s", head(bytes))
                        .isEqualTo("RIFF".getBytes());
                assertThat(Arrays.copyOfRange(bytes, 8, 12))
                        .as("WEBP of %s", head(bytes))
                        .isEqualTo("WEBP".getBytes());
            }
            default -> throw new IllegalArgumentException("unknown format " + format);
        }
        BufferedImage image = decode(bytes);
        assertThat(image.getWidth() + "x" + image.getHeight())
                .as("decoded size")
                .isEqualTo(width + "x" + height);
        return image;
    }

    private static String head(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(16, bytes.length));
    }
}
