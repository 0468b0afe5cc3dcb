package dev.easel.safety.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.media.Mask;
import dev.easel.media.RgbImage;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WatermarkTest {
    private static final Payload PAYLOAD = new Payload(LocalDate.of(2026, 3, 14), 0xCAFEF00D);

    @Test
    void aMarkedPictureGivesBackItsPayloadWithHighConfidence() {
        RgbImage plain = Pictures.picture(1, 320, 256);
        Detection found = Watermark.detect(Watermark.embed(plain, PAYLOAD));
        assertThat(found.present()).isTrue();
        assertThat(found.payload()).contains(PAYLOAD);
        assertThat(found.confidence()).isGreaterThan(0.999999);

        Detection none = Watermark.detect(plain);
        assertThat(none.present()).isFalse();
        assertThat(none.payload()).isEmpty();
        assertThat(none.confidence()).isLessThan(0.5);
    }

    @Test
    void embeddingIsDeterministicAndCostsAtMostTheStatedRms() {
        RgbImage plain = Pictures.picture(7, 256, 256);
        RgbImage a = Watermark.embed(plain, PAYLOAD);
        RgbImage b = Watermark.embed(plain, PAYLOAD);
        assertThat(a.rgb()).isEqualTo(b.rgb());
        assertThat(WatermarkRobustnessTest.psnr(plain, a)).isGreaterThanOrEqualTo(40.5);
        // Luma only: the same delta on R, G and B (where none can have clipped).
        int compared = 0;
        for (int i = 0; i < plain.rgb().length; i += 3) {
            int r = plain.rgb()[i] & 0xFF;
            int g = plain.rgb()[i + 1] & 0xFF;
            int bl = plain.rgb()[i + 2] & 0xFF;
            if (Math.min(r, Math.min(g, bl)) >= 16 && Math.max(r, Math.max(g, bl)) <= 239) {
                int d = (a.rgb()[i] & 0xFF) - r;
                assertThat((a.rgb()[i + 1] & 0xFF) - g).isEqualTo(d);
                assertThat((a.rgb()[i + 2] & 0xFF) - bl).isEqualTo(d);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(256 * 256 / 2);
    }

    @Test
    void aRegionIsTheOnlyPlaceThatChanges() {
        RgbImage plain = Pictures.picture(3, 256, 256);
        float[] values = new float[256 * 256];
        for (int y = 64; y < 192; y++) {
            Arrays.fill(values, y * 256 + 32, y * 256 + 224, 1f);
        }
        Mask region = new Mask(256, 256, values);
        RgbImage marked = Watermark.embed(plain, PAYLOAD, region);
        int changedInside = 0;
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                for (int c = 0; c < 3; c++) {
                    if (!region.changes(x, y)) {
                        assertThat(marked.at(x, y, c)).as("(%d,%d)", x, y).isEqualTo(plain.at(x, y, c));
                    } else if (marked.at(x, y, c) != plain.at(x, y, c)) {
                        changedInside++;
                    }
                }
            }
        }
        assertThat(changedInside).isGreaterThan(128 * 192);
        assertThat(Watermark.detect(marked).payload()).contains(PAYLOAD);
        assertThatThrownBy(() -> Watermark.embed(plain, PAYLOAD, new Mask(8, 8, new float[64])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void picturesUnderTheMinimumAreLeftAsTheyAreAndNotLookedAt() {
        RgbImage small = Pictures.picture(2, 127, 300);
        assertThat(Watermark.embed(small, PAYLOAD)).isSameAs(small);
        assertThat(Watermark.detect(small)).isEqualTo(new Detection(false, Optional.empty(), 0));
    }

    @Test
    void aMarkOverAnEarlierOneCarriesTheNewPayload() {
        RgbImage plain = Pictures.picture(5, 256, 256);
        Payload later = new Payload(LocalDate.of(2026, 3, 15), 42);
        RgbImage twice = Watermark.embed(Watermark.embed(plain, PAYLOAD), later);
        assertThat(Watermark.detect(twice).payload()).contains(later);
    }

    @Test
    void largePicturesAreMarkedAndFoundAtTheirOwnScale() {
        RgbImage plain = Pictures.picture(0, 768, 512);
        RgbImage marked = Watermark.embed(plain, PAYLOAD);
        assertThat(Watermark.detect(marked).payload()).contains(PAYLOAD);
        assertThat(Watermark.detect(Edits.jpeg(Edits.crop(marked, 0.1, 0.05, 0, 0.05), 0.75f))
                        .payload())
                .contains(PAYLOAD);
    }

    @Test
    void aLongStripIsFoundInItsMiddle() {
        RgbImage strip = Watermark.embed(Pictures.picture(6, 1536, 256), PAYLOAD);
        assertThat(Watermark.detect(strip).payload()).contains(PAYLOAD);
        assertThat(Watermark.detect(Edits.crop(strip, 0.3, 0, 0.1, 0)).payload())
                .contains(PAYLOAD);
    }

    @Test
    void payloadBitsRoundTripAndTheDayIsBounded() {
        assertThat(Payload.ofBits(PAYLOAD.bits())).isEqualTo(PAYLOAD);
        Payload last = new Payload(Payload.EPOCH.plusDays(0xFFFF), -1);
        assertThat(Payload.ofBits(last.bits())).isEqualTo(last);
        assertThat(last.toString()).isEqualTo("issued 2204-06-07, tag ffffffff");
        assertThatThrownBy(() -> new Payload(Payload.EPOCH.minusDays(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Payload(Payload.EPOCH.plusDays(0x10000), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
