package dev.easel.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResamplingTest {
    @Test
    void shrinksAndEnlargesToTheRequestedSize() {
        RgbImage image = TestImages.scene(64, 48);
        RgbImage small = Resampling.resize(image, 20, 13);
        assertThat(small.width()).isEqualTo(20);
        assertThat(small.height()).isEqualTo(13);
        RgbImage large = Resampling.resize(image, 150, 97);
        assertThat(large.width()).isEqualTo(150);
        assertThat(large.height()).isEqualTo(97);
        RgbImage mixed = Resampling.resize(image, 100, 10);
        assertThat(mixed.rgb()).hasSize(100 * 10 * 3);
    }

    @Test
    void flatColourStaysFlat() {
        RgbImage flat = TestImages.flat(37, 23, 17, 128, 254);
        for (int[] size : new int[][] {{5, 7}, {100, 61}, {37, 10}, {80, 23}, {1, 1}}) {
            RgbImage resized = Resampling.resize(flat, size[0], size[1]);
            assertThat(resized.rgb())
                    .as("%dx%d", size[0], size[1])
                    .isEqualTo(TestImages.flat(size[0], size[1], 17, 128, 254).rgb());
        }
    }

    @Test
    void shrinkingAveragesAreas() {
        // A one-pixel checkerboard shrunk 2:1 is mid-grey everywhere (point sampling would keep black or white).
        byte[] rgb = new byte[8 * 8 * 3];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                byte v = (byte) ((x + y) % 2 == 0 ? 255 : 0);
                Arrays.fill(rgb, (y * 8 + x) * 3, (y * 8 + x) * 3 + 3, v);
            }
        }
        RgbImage half = Resampling.resize(new RgbImage(8, 8, rgb), 4, 4);
        for (byte b : half.rgb()) {
            assertThat(b & 0xFF).isBetween(127, 128);
        }
    }

    @Test
    void enlargingInterpolatesBetweenNeighbours() {
        RgbImage twoPixels = new RgbImage(2, 1, new byte[] {0, 0, 0, (byte) 200, (byte) 200, (byte) 200});
        RgbImage wide = Resampling.resize(twoPixels, 8, 1);
        assertThat(wide.at(0, 0, 0)).isZero();
        assertThat(wide.at(7, 0, 0)).isEqualTo(200);
        for (int x = 1; x < 8; x++) {
            assertThat(wide.at(x, 0, 0)).isGreaterThanOrEqualTo(wide.at(x - 1, 0, 0));
        }
        assertThat(wide.at(3, 0, 0)).isStrictlyBetween(0, 200);
    }

    @Test
    void closeToTheOriginalAfterShrinkAndEnlarge() {
        RgbImage image = TestImages.scene(64, 64);
        RgbImage roundTrip = Resampling.resize(Resampling.resize(image, 32, 32), 64, 64);
        assertThat(TestImages.meanAbsError(image, roundTrip)).isLessThan(6);
    }

    @Test
    void masksResizeByNearestNeighbourAndStayBinary() {
        float[] values = new float[4 * 4];
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                values[y * 4 + x] = 1f;
            }
        }
        Mask mask = new Mask(4, 4, values);
        Mask large = Resampling.resize(mask, 10, 10);
        assertThat(large.width()).isEqualTo(10);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                assertThat(large.values()[y * 10 + x]).isEqualTo(x < 5 && y < 5 ? 1f : 0f);
            }
        }
        Mask small = Resampling.resize(mask, 2, 3);
        assertThat(small.values()).containsOnly(0f, 1f);
        assertThat(small.values()[0]).isEqualTo(1f);
        assertThat(small.values()[small.values().length - 1]).isEqualTo(0f);
    }

    @Test
    void refusesEmptyTargets() {
        assertThatThrownBy(() -> Resampling.resize(TestImages.flat(4, 4, 0, 0, 0), 0, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Resampling.resize(new Mask(2, 2, new float[4]), 2, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void picturesResizeToThePixelsOfOneSumPerPixel() {
        RgbImage image = TestImages.scene(97, 61);
        for (int[] size : new int[][] {{40, 23}, {192, 120}, {97, 30}, {31, 61}, {200, 17}}) {
            RgbImage resized = Resampling.resize(image, size[0], size[1]);
            assertThat(resized.rgb()).as("%dx%d", size[0], size[1]).isEqualTo(onePixelAtATime(image, size[0], size[1]));
        }
    }

    /** Each output pixel summed on its own, taps in order, as the resize did before it summed whole rows. */
    private static byte[] onePixelAtATime(RgbImage src, int width, int height) {
        AxisWeights horizontal = AxisWeights.of(src.width(), width);
        AxisWeights vertical = AxisWeights.of(src.height(), height);
        float[] rows = new float[src.height() * width * 3];
        for (int y = 0; y < src.height(); y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    float v = 0;
                    for (int k = 0; k < horizontal.count(x); k++) {
                        v += horizontal.weight(x, k) * src.at(horizontal.index(x, k), y, c);
                    }
                    rows[(y * width + x) * 3 + c] = v;
                }
            }
        }
        byte[] out = new byte[width * height * 3];
        int stride = width * 3;
        for (int y = 0; y < height; y++) {
            for (int i = 0; i < stride; i++) {
                float v = 0;
                for (int k = 0; k < vertical.count(y); k++) {
                    v += vertical.weight(y, k) * rows[vertical.index(y, k) * stride + i];
                }
                out[y * stride + i] = (byte) Math.clamp(Math.round(v), 0, 255);
            }
        }
        return out;
    }
}
