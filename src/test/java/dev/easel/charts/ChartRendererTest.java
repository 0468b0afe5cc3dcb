package dev.easel.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.easel.media.RgbImage;
import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartRendererTest {
    private static final ChartSpec.AxisLabels AXES = new ChartSpec.AxisLabels("Quarter", "Revenue", "EUR m");

    private static ChartSpec values(ChartKind kind, String title, String source, List<Series> series) {
        return new ChartSpec(kind, title, AXES, series, source, 640, 480);
    }

    private static Series.Values series(String name, String[] labels, double... values) {
        List<Series.Point> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new Series.Point(labels[i], values[i]));
        }
        return new Series.Values(name, points);
    }

    private static final String[] QUARTERS = {"Q1", "Q2", "Q3", "Q4", "Q5"};

    private static int top(RenderedChart chart) {
        return (int) Math.ceil(chart.dataArea().getMinY());
    }

    private static int bottom(RenderedChart chart) {
        return (int) Math.floor(chart.dataArea().getMaxY());
    }

    @Test
    void barTopsSitAtTheirValues() {
        double[] data = {12, 30, 7.5, 22, 0.4};
        RenderedChart chart = ChartRenderer.render(
                values(ChartKind.BAR, "Revenue", "Annual report", List.of(series("2025", QUARTERS, data))));
        RgbImage image = chart.image();
        assertThat(image.width()).isEqualTo(640);
        assertThat(image.height()).isEqualTo(480);
        for (int i = 0; i < data.length; i++) {
            int x = (int) Math.round(chart.categoryToX().applyAsDouble(i));
            int barTop = Pixels.first(top(chart), bottom(chart) + 1, y -> Pixels.is(image, x, y, Palette.series(0)));
            int barBottom = Pixels.last(top(chart), bottom(chart) + 1, y -> Pixels.is(image, x, y, Palette.series(0)));
            assertThat((double) barTop)
                    .as("top of bar %d", i)
                    .isCloseTo(chart.valueToY().applyAsDouble(data[i]), within(1.0));
            assertThat((double) barBottom)
                    .as("foot of bar %d", i)
                    .isCloseTo(chart.valueToY().applyAsDouble(0), within(1.0));
        }
        assertThat(GraphicsEnvironment.isHeadless()).isTrue();
    }

    @Test
    void linePointsSitAtTheirValues() {
        double[] a = {3, 9, 4, 12, 7};
        double[] b = {10, 2, 8, 5, 11};
        RenderedChart chart = ChartRenderer.render(
                values(ChartKind.LINE, "Two lines", "", List.of(series("a", QUARTERS, a), series("b", QUARTERS, b))));
        double[][] all = {a, b};
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < a.length; i++) {
                int x = (int) Math.round(chart.categoryToX().applyAsDouble(i));
                int y = (int) Math.round(chart.valueToY().applyAsDouble(all[s][i]));
                assertThat(near(chart.image(), x, y, Palette.series(s)))
                        .as("series %d point %d at (%d, %d)", s, i, x, y)
                        .isTrue();
            }
        }
    }

    @Test
    void areaTopsFollowTheValues() {
        double[] data = {5, 15, 10, 20, 2};
        RenderedChart chart =
                ChartRenderer.render(values(ChartKind.AREA, "Area", "", List.of(series("a", QUARTERS, data))));
        for (int i = 0; i < data.length; i++) {
            // The pixel column that holds the point: a filled polygon covers pixels by their centres.
            // its outline between points is straight (Java2D may shift a path by up to half a pixel
            // sideways, so steep segments get half their slope as extra room), so the expected top is interpolated at
            // the centre.
            int x = (int) Math.floor(chart.categoryToX().applyAsDouble(i));
            int areaTop =
                    Pixels.first(top(chart), bottom(chart) + 1, y -> Pixels.is(chart.image(), x, y, Palette.series(0)));
            assertThat((double) areaTop)
                    .as("area at point %d", i)
                    .isCloseTo(outlineY(chart, data, x + 0.5), within(1.0 + 0.5 * steepest(chart, data, i)));
        }
    }

    @Test
    void candleBodiesAndWicksSitAtOpenHighLowClose() {
        List<Series.Candle> candles = List.of(
                new Series.Candle("Mon", 10, 14, 8, 12),
                new Series.Candle("Tue", 12, 13, 9, 9.5),
                new Series.Candle("Wed", 9.5, 11, 9, 10.5),
                new Series.Candle("Thu", 10.5, 15, 10, 14.75));
        RenderedChart chart = ChartRenderer.render(new ChartSpec(
                ChartKind.CANDLESTICK,
                "Prices",
                new ChartSpec.AxisLabels("Day", "Price", "USD"),
                List.of(new Series.Candles("ACME", candles)),
                "Exchange",
                800,
                600));
        RgbImage image = chart.image();
        // Rows strictly inside the data area: its lower edge carries the x axis' line.
        for (int i = 0; i < candles.size(); i++) {
            Series.Candle c = candles.get(i);
            int x = (int) Math.round(chart.categoryToX().applyAsDouble(i));
            Color body = c.close() >= c.open() ? Palette.UP : Palette.DOWN;
            // Beside the wick, the body's column: its outline (drawn in the wick's colour) around its fill.
            int side = x + 4;
            int bodyTop = Pixels.first(top(chart), bottom(chart), y -> Pixels.drawn(image, side, y));
            int bodyBottom = Pixels.last(top(chart), bottom(chart), y -> Pixels.drawn(image, side, y));
            assertThat(Pixels.is(image, side, (bodyTop + bodyBottom) / 2, body))
                    .as("candle %d body colour", i)
                    .isTrue();
            // The one-pixel wick lands in the column either side of x's pixel, depending on rounding.
            int wickTop = Pixels.first(
                    top(chart),
                    bottom(chart),
                    y -> Pixels.drawn(image, x - 1, y) || Pixels.drawn(image, x, y) || Pixels.drawn(image, x + 1, y));
            int wickBottom = Pixels.last(
                    top(chart),
                    bottom(chart),
                    y -> Pixels.drawn(image, x - 1, y) || Pixels.drawn(image, x, y) || Pixels.drawn(image, x + 1, y));
            var toY = chart.valueToY();
            assertThat((double) bodyTop)
                    .as("candle %d body top", i)
                    .isCloseTo(toY.applyAsDouble(Math.max(c.open(), c.close())), within(1.0));
            assertThat((double) bodyBottom)
                    .as("candle %d body bottom", i)
                    .isCloseTo(toY.applyAsDouble(Math.min(c.open(), c.close())), within(1.0));
            assertThat((double) wickTop).as("candle %d high", i).isCloseTo(toY.applyAsDouble(c.high()), within(1.0));
            assertThat((double) wickBottom).as("candle %d low", i).isCloseTo(toY.applyAsDouble(c.low()), within(1.0));
        }
    }

    @Test
    void pieSlicesHaveTheirShareOfTheCircle() {
        double[] data = {50, 25, 12.5, 12.5};
        RenderedChart chart = ChartRenderer.render(
                values(ChartKind.PIE, "Shares", "Survey", List.of(series("share", QUARTERS, data))));
        double cx = chart.dataArea().getCenterX();
        double cy = chart.dataArea().getCenterY();
        double r = 0.15 * Math.min(chart.dataArea().getWidth(), chart.dataArea().getHeight());
        double total = 100;
        int checked = 0;
        for (int deg = 0; deg < 360; deg++) {
            double share = deg / 360.0 * total;
            double acc = 0;
            int slice = 0;
            while (share > acc + data[slice]) {
                acc += data[slice];
                slice++;
            }
            // Skip the samples within 3 degrees of a border between slices.
            double toBorder = Math.min(share - acc, acc + data[slice] - share) / total * 360;
            if (toBorder < 3) {
                continue;
            }
            double a = Math.toRadians(deg);
            int x = (int) Math.round(cx + r * Math.sin(a));
            int y = (int) Math.round(cy - r * Math.cos(a)); // 12 o'clock, clockwise
            assertThat(Pixels.is(chart.image(), x, y, Palette.series(slice)))
                    .as("%d degrees: slice %d", deg, slice)
                    .isTrue();
            checked++;
        }
        assertThat(checked).isGreaterThan(300);
    }

    @Test
    void titleAndSourceLineAreDrawn() {
        List<Series> data = List.of(series("2025", QUARTERS, 1, 2, 3, 4, 5));
        RenderedChart with = ChartRenderer.render(values(ChartKind.BAR, "Revenue by quarter", "Annual report", data));
        RenderedChart without = ChartRenderer.render(values(ChartKind.BAR, "", "", data));
        int titleWith = Pixels.darkPixels(with.image(), 0, top(with) - 8);
        int titleWithout = Pixels.darkPixels(without.image(), 0, top(without) - 8);
        assertThat(titleWith).as("title pixels").isGreaterThan(titleWithout + 100);
        // The source line is the lowest text, under the axis title, left-aligned.
        int h = with.image().height();
        int sourceWith = Pixels.darkPixels(with.image(), bottom(with), h);
        int sourceWithout = Pixels.darkPixels(without.image(), bottom(without), h);
        assertThat(sourceWith).as("text under the plot").isGreaterThan(sourceWithout + 100);
        int lowestText = Pixels.last(0, h, y -> Pixels.darkPixels(with.image(), y, y + 1) > 0);
        assertThat(lowestText).isGreaterThan(h - 30);
        boolean leftAligned = false;
        for (int x = 0; x < 40; x++) {
            for (int y = h - 30; y < h; y++) {
                leftAligned |= Pixels.dark(with.image(), x, y);
            }
        }
        assertThat(leftAligned).as("source line starts at the left").isTrue();
    }

    @Test
    void renderingIsDeterministic() {
        ChartSpec spec = values(ChartKind.LINE, "Same", "Same source", List.of(series("a", QUARTERS, 1, 5, 2, 8, 3)));
        assertThat(ChartRenderer.render(spec).image().rgb())
                .isEqualTo(ChartRenderer.render(spec).image().rgb());
    }

    /** The steeper slope, in pixels per pixel, of the outline's segments either side of point i. */
    private static double steepest(RenderedChart chart, double[] data, int i) {
        double worst = 0;
        for (int j = Math.max(0, i - 1); j < Math.min(data.length - 1, i + 1); j++) {
            double dx = chart.categoryToX().applyAsDouble(j + 1)
                    - chart.categoryToX().applyAsDouble(j);
            double dy = chart.valueToY().applyAsDouble(data[j + 1])
                    - chart.valueToY().applyAsDouble(data[j]);
            worst = Math.max(worst, Math.abs(dy / dx));
        }
        return worst;
    }

    /** The y of the area's outline at pixel x: straight between neighbouring points. */
    private static double outlineY(RenderedChart chart, double[] data, double x) {
        for (int j = 0; j + 1 < data.length; j++) {
            double x0 = chart.categoryToX().applyAsDouble(j);
            double x1 = chart.categoryToX().applyAsDouble(j + 1);
            if (x >= x0 && x <= x1) {
                double t = (x - x0) / (x1 - x0);
                return chart.valueToY().applyAsDouble(data[j] + t * (data[j + 1] - data[j]));
            }
        }
        int last = x < chart.categoryToX().applyAsDouble(0) ? 0 : data.length - 1;
        return chart.valueToY().applyAsDouble(data[last]);
    }

    private static boolean near(RgbImage image, int x, int y, Color c) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                if (Pixels.is(image, x + dx, y + dy, c)) {
                    return true;
                }
            }
        }
        return false;
    }
}
