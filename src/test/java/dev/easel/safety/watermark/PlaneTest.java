package dev.easel.safety.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.media.RgbImage;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The blur is computed a tap at a time over whole rows (fast), and must give what one loop over
 * the taps per pixel gives, to the bit: the mark's pixels may not move when its code gets faster.
 */
class PlaneTest {
    @Test
    void theBlurIsTheSameToTheBitAsOneLoopOverTheTapsPerPixel() {
        SplittableRandom random = new SplittableRandom(5);
        int[][] sizes = {{192, 192}, {240, 144}, {7, 30}, {19, 5}, {1, 1}, {3, 40}};
        for (int[] size : sizes) {
            float[] v = new float[size[0] * size[1]];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextDouble(-300, 300);
            }
            Plane plane = new Plane(size[0], size[1], v);
            for (double sigma : new double[] {1.5, 3, 4.7}) {
                assertThat(plane.blurred(sigma).values())
                        .as("%dx%d, sigma %s", size[0], size[1], sigma)
                        .containsExactly(reference(plane, sigma).values());
            }
        }
    }

    /** Marked pixels as the embedder made them before its blur was rewritten (SHA-256 of the RGB bytes). */
    @Test
    void theMarkedPixelsAreThoseOfBefore() throws Exception {
        assertThat(markedHash(256, 256)).isEqualTo("00b2483ba009b0340a7b1d9a6dd19b10398e9615ef5142d9a6bfffbb26addafe");
        assertThat(markedHash(320, 200)).isEqualTo("ff42a9350b6070af8400b89c552cafe331a166235da775c6250246f0955bd78b");
        assertThat(markedHash(130, 700)).isEqualTo("d97421ba861fcb8f9adac0f1977aca030463378d591aabb0c2468005db81eed3");
    }

    private static String markedHash(int w, int h) throws Exception {
        byte[] rgb = new byte[w * h * 3];
        SplittableRandom r = new SplittableRandom(42);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(y * w + x) * 3 + c] = (byte) Math.clamp(
                            128 + 60 * Math.sin(x / 9.0 + c) + 40 * Math.cos(y / 13.0) + r.nextInt(-12, 13), 0, 255);
                }
            }
        }
        RgbImage marked = Watermark.embed(new RgbImage(w, h, rgb), new Payload(LocalDate.of(2026, 3, 1), 12345));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(marked.rgb()));
    }

    /** The blur as first written: per pixel, its taps in order, edges clamped. */
    private static Plane reference(Plane p, double sigma) {
        int width = p.width();
        int height = p.height();
        float[] values = p.values();
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = (float) Math.exp(-k * k / (2 * sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= (float) sum;
        }
        float[] rows = new float[values.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    acc += kernel[k + radius] * values[y * width + Math.clamp(x + k, 0, width - 1)];
                }
                rows[y * width + x] = acc;
            }
        }
        float[] out = new float[values.length];
        for (int y = 0; y < height; y++) {
            for (int k = -radius; k <= radius; k++) {
                int src = Math.clamp(y + k, 0, height - 1) * width;
                for (int x = 0; x < width; x++) {
                    out[y * width + x] += kernel[k + radius] * rows[src + x];
                }
            }
        }
        return new Plane(width, height, out);
    }
}
