package dev.easel.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Pictures with an alpha plane, written as PNG and WebP and read back by ImageIO. */
class AlphaEncodingTest {
    /** A ramp: alpha x·4 along each row, so every level 0..252 occurs. */
    static Alpha ramp(int width, int height) {
        byte[] a = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                a[y * width + x] = (byte) Math.min(255, x * 4);
            }
        }
        return new Alpha(width, height, a);
    }

    private static BufferedImage read(byte[] bytes) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void pngCarriesTheAlphaAndEveryColourExactly() throws Exception {
        RgbImage image = TestImages.noise(64, 40, 9);
        Alpha alpha = ramp(64, 40);
        byte[] png = ImageEncoder.encode(image, Optional.of(alpha), new EncodeOptions(OutputFormat.PNG, 50, "p"));
        assertThat(png[25]).as("IHDR colour type").isEqualTo((byte) 6);
        BufferedImage back = read(png);
        assertThat(back.getColorModel().hasAlpha()).isTrue();
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 64; x++) {
                int argb = back.getRGB(x, y);
                assertThat(argb >>> 24).isEqualTo(alpha.at(x, y));
                // straight alpha: the colour under a transparent pixel is kept too
                assertThat(argb & 0xFFFFFF)
                        .isEqualTo(image.at(x, y, 0) << 16 | image.at(x, y, 1) << 8 | image.at(x, y, 2));
            }
        }
        assertThat(ImageDecoder.decode(png, 1_000_000).rgb()).isEqualTo(image.rgb());
    }

    @Test
    void losslessWebpCarriesTheAlphaExactlyAndTheColourOfEveryVisiblePixel() throws Exception {
        RgbImage image = TestImages.noise(48, 32, 4);
        Alpha alpha = ramp(48, 32);
        byte[] webp = ImageEncoder.encode(image, Optional.of(alpha), new EncodeOptions(OutputFormat.WEBP, 100, "p"));
        assertThat(webp[20] & WebpContainer.FLAG_ALPHA).as("VP8X alpha flag").isNotZero();
        BufferedImage back = read(webp);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                int argb = back.getRGB(x, y);
                assertThat(argb >>> 24).isEqualTo(alpha.at(x, y));
                if (alpha.at(x, y) > 0) {
                    assertThat(argb & 0xFFFFFF)
                            .isEqualTo(image.at(x, y, 0) << 16 | image.at(x, y, 1) << 8 | image.at(x, y, 2));
                }
            }
        }
    }

    @Test
    void lossyWebpCarriesTheAlphaCloselyInItsAlphChunk() throws Exception {
        RgbImage image = TestImages.scene(64, 64);
        Alpha alpha = ramp(64, 64);
        byte[] webp = ImageEncoder.encode(image, Optional.of(alpha), new EncodeOptions(OutputFormat.WEBP, 80, "p"));
        assertThat(webp[20] & WebpContainer.FLAG_ALPHA).as("VP8X alpha flag").isNotZero();
        assertThat(TestImages.indexOf(webp, "ALPH".getBytes())).isPositive();
        BufferedImage back = read(webp);
        long error = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                error += Math.abs((back.getRGB(x, y) >>> 24) - alpha.at(x, y));
            }
        }
        assertThat(error / (64.0 * 64)).isLessThan(2);
    }

    @Test
    void jpegRefusesAnAlphaPlaneAndAPlaneMustFit() {
        RgbImage image = TestImages.flat(8, 8, 1, 2, 3);
        assertThatThrownBy(() -> ImageEncoder.encode(
                        image, Optional.of(ramp(8, 8)), new EncodeOptions(OutputFormat.JPEG, 90, "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JPEG has no alpha channel");
        assertThatThrownBy(() -> ImageEncoder.encode(
                        image, Optional.of(ramp(8, 4)), new EncodeOptions(OutputFormat.PNG, 90, "")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ImageEncoder.carriesAlpha(OutputFormat.JPEG)).isFalse();
    }

    @Test
    void coverageRoundsToTheNearestLevelAndClamps() {
        Alpha a = Alpha.fromCoverage(new float[] {-0.2f, 0f, 0.5f, 0.999f, 1.3f, 0.002f}, 3, 2);
        assertThat(new int[] {a.at(0, 0), a.at(1, 0), a.at(2, 0), a.at(0, 1), a.at(1, 1), a.at(2, 1)})
                .containsExactly(0, 0, 128, 255, 255, 1);
    }
}
