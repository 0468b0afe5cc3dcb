package dev.easel.safety.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.media.Alpha;
import dev.easel.media.EncodeOptions;
import dev.easel.media.ImageDecoder;
import dev.easel.media.ImageEncoder;
import dev.easel.media.OutputFormat;
import dev.easel.media.RgbImage;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A transparent file's watermark: embedded in the colours before matting, so a PNG keeps it
 * whatever the alpha (its colours are all kept); WebP drops the colours under fully transparent
 * pixels, so the mark must be read from the visible part alone.
 */
class WatermarkUnderAlphaTest {
    private static final Payload PAYLOAD = new Payload(LocalDate.of(2026, 12, 2), 0x5EEDF00D);

    /** Opaque right of {@code clearShare} of the width, fully transparent left of it. */
    private static Alpha cutOut(int width, int height, double clearShare) {
        byte[] a = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                a[y * width + x] = (byte) (x < width * clearShare ? 0 : 255);
            }
        }
        return new Alpha(width, height, a);
    }

    @ParameterizedTest(name = "{0}, {1} of the width clear")
    @CsvSource({"PNG, 0.75", "WEBP, 0.25", "WEBP, 0.5", "WEBP, 0.75"})
    void theMarkIsReadBackFromATransparentFile(OutputFormat format, double clearShare) throws Exception {
        RgbImage marked = Watermark.embed(Pictures.picture(5, 256, 256), PAYLOAD);
        byte[] file = ImageEncoder.encode(
                marked, Optional.of(cutOut(256, 256, clearShare)), new EncodeOptions(format, 100, ""));
        RgbImage back = ImageDecoder.decode(file, 1_000_000);
        int changedVisible = 0;
        int changedClear = 0;
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                for (int c = 0; c < 3; c++) {
                    boolean changed = back.at(x, y, c) != marked.at(x, y, c);
                    if (x < 256 * clearShare) {
                        changedClear += changed ? 1 : 0;
                    } else {
                        changedVisible += changed ? 1 : 0;
                    }
                }
            }
        }
        assertThat(changedVisible).as("visible colours, lossless").isZero();
        if (format == OutputFormat.PNG) {
            assertThat(changedClear).as("PNG keeps every colour").isZero();
        } else {
            assertThat(changedClear)
                    .as("libwebp drops the colours under clear pixels")
                    .isPositive();
        }
        Detection found = Watermark.detect(back);
        assertThat(found.present()).isTrue();
        assertThat(found.payload()).contains(PAYLOAD);
    }
}
