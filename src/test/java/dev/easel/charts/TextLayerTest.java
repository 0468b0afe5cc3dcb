package dev.easel.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.media.RgbImage;
import java.awt.Rectangle;
import org.junit.jupiter.api.Test;

class TextLayerTest {
    /** A busy, deterministic background: a colour ramp with a pattern, so "untouched" means something. */
    private static RgbImage background(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                rgb[i] = (byte) (x * 255 / w);
                rgb[i + 1] = (byte) (y * 255 / h);
                rgb[i + 2] = (byte) ((x ^ y) & 0xFF);
            }
        }
        return new RgbImage(w, h, rgb);
    }

    @Test
    void textLandsInsideItsBoxAndNothingOutsideChanges() {
        RgbImage before = background(512, 384);
        for (Placement placement : Placement.values()) {
            ComposedText out = TextLayer.compose(before, "Revenue up 12 % in Q3", placement);
            Rectangle box = out.box();
            assertThat(new Rectangle(0, 0, 512, 384).contains(box)).isTrue();
            assertThat(box.width).isGreaterThan(50);
            assertThat(box.height).isGreaterThan(10);
            int white = 0;
            for (int y = 0; y < 384; y++) {
                for (int x = 0; x < 512; x++) {
                    boolean inside = box.contains(x, y);
                    for (int c = 0; c < 3; c++) {
                        if (!inside) {
                            assertThat(out.image().at(x, y, c))
                                    .as("%s: pixel (%d, %d) outside the box", placement, x, y)
                                    .isEqualTo(before.at(x, y, c));
                        }
                    }
                    if (inside && Pixels.rgb(out.image(), x, y) == 0xFFFFFF) {
                        white++;
                    }
                }
            }
            assertThat(white).as("%s: white text pixels in the box", placement).isGreaterThan(200);
        }
    }

    @Test
    void placementMovesTheBox() {
        RgbImage before = background(400, 300);
        Rectangle top = TextLayer.compose(before, "Headline", Placement.TOP).box();
        Rectangle center =
                TextLayer.compose(before, "Headline", Placement.CENTER).box();
        Rectangle bottom =
                TextLayer.compose(before, "Headline", Placement.BOTTOM).box();
        assertThat(top.y).isLessThan(center.y);
        assertThat(center.y).isLessThan(bottom.y);
        assertThat(bottom.y + bottom.height).isLessThanOrEqualTo(300);
    }

    @Test
    void thePlateContrastsWithTheText() {
        RgbImage white = new RgbImage(300, 200, filled(300 * 200 * 3, (byte) 0xFF));
        ComposedText out = TextLayer.compose(white, "On white", Placement.CENTER);
        Rectangle box = out.box();
        // A corner of the plate, where no letter is: darkened, so the white text reads on a white picture.
        assertThat(out.image().at(box.x + 1, box.y + 1, 0)).isLessThan(100);
    }

    @Test
    void longHeadlinesWrapInsideTheImage() {
        RgbImage before = background(200, 300);
        ComposedText out = TextLayer.compose(
                before, "A long headline that cannot fit on one line of a narrow picture", Placement.TOP);
        assertThat(out.box().x).isGreaterThanOrEqualTo(0);
        assertThat(out.box().x + out.box().width).isLessThanOrEqualTo(200);
        assertThat(out.box().height).isGreaterThan(40); // more than one line
    }

    @Test
    void refusesAnEmptyHeadline() {
        assertThatThrownBy(() -> TextLayer.compose(background(100, 100), "  ", Placement.TOP))
                .isInstanceOfSatisfying(
                        ChartSpecException.class, e -> assertThat(e.field()).isEqualTo("headline"));
    }

    private static byte[] filled(int n, byte v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, v);
        return b;
    }
}
