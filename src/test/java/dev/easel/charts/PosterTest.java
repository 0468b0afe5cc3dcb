package dev.easel.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.media.RgbImage;
import java.awt.Rectangle;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PosterTest {
    private static RgbImage scene(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 31 % 251);
        }
        return new RgbImage(w, h, rgb);
    }

    private static ChartSpec chart(int w, int h) {
        return new ChartSpec(
                ChartKind.BAR,
                "Sales",
                ChartSpec.AxisLabels.NONE,
                List.of(new Series.Values("A", List.of(new Series.Point("x", 1), new Series.Point("y", 2)))),
                "",
                w,
                h);
    }

    @Test
    void theChartFillsItsInsetExactlyAndNothingElseChangesButTheHeadline() {
        RgbImage before = scene(400, 300);
        Poster.Composed out = Poster.compose(
                before, new Poster.Overlay(Optional.of("Summer Sale"), Placement.TOP, Optional.of(chart(64, 64))));

        Rectangle inset = out.chartBox().orElseThrow();
        Rectangle headline = out.headlineBox().orElseThrow();
        assertThat(inset).isEqualTo(Poster.inset(400, 300, Placement.TOP));
        assertThat(inset.y + inset.height).isLessThanOrEqualTo(300);
        assertThat(inset.y).isGreaterThanOrEqualTo(150 - 10);
        assertThat(headline.intersects(inset)).isFalse();
        RgbImage drawn = ChartRenderer.render(chart(inset.width, inset.height)).image();
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                for (int c = 0; c < 3; c++) {
                    int got = out.image().at(x, y, c);
                    if (inset.contains(x, y)) {
                        assertThat(got).isEqualTo(drawn.at(x - inset.x, y - inset.y, c));
                    } else if (!headline.contains(x, y)) {
                        assertThat(got).isEqualTo(before.at(x, y, c));
                    }
                }
            }
        }
    }

    @Test
    void aHeadlineAtTheBottomPutsTheChartAtTheTopAndTinyScenesGetNoChart() {
        Rectangle inset = Poster.inset(400, 300, Placement.BOTTOM);
        assertThat(inset.y).isLessThan(20);
        Poster.Composed tiny = Poster.compose(
                scene(24, 24), new Poster.Overlay(Optional.empty(), Placement.TOP, Optional.of(chart(64, 64))));
        assertThat(tiny.chartBox()).isEmpty();
        assertThat(new Poster.Overlay(Optional.of("  "), Placement.TOP, Optional.empty()).isEmpty())
                .isTrue();
    }
}
