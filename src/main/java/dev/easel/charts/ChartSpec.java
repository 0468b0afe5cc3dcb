package dev.easel.charts;

import java.util.List;

/**
 * One chart to draw: its kind, texts, data and pixel size. Empty texts are not drawn. Checked
 * here too (not only in {@link ChartSpecs#parse}) so that a spec built in code obeys the same
 * limits; the candlestick kind takes {@link Series.Candles}, every other kind {@link Series.Values}.
 */
public record ChartSpec(
        ChartKind kind, String title, AxisLabels axes, List<Series> series, String source, int width, int height) {
    public static final int MAX_SERIES = 20;
    public static final int MAX_POINTS = 500;
    public static final int MIN_SIZE = 64;
    public static final int MAX_SIZE = 2048;
    public static final int MAX_TEXT = 200;

    public ChartSpec {
        series = List.copyOf(series);
        if (series.isEmpty() || series.size() > MAX_SERIES) {
            throw new ChartSpecException("series", "needs 1 to " + MAX_SERIES + " series, got " + series.size());
        }
        for (int i = 0; i < series.size(); i++) {
            boolean candles = series.get(i) instanceof Series.Candles;
            if (candles != (kind == ChartKind.CANDLESTICK)) {
                throw new ChartSpecException(
                        "series[" + i + "]",
                        kind == ChartKind.CANDLESTICK
                                ? "candlestick points need open, high, low, close"
                                : "points need a value");
            }
        }
        var names = new java.util.HashSet<String>();
        for (int i = 0; i < series.size(); i++) {
            if (!names.add(series.get(i).name())) {
                throw new ChartSpecException(
                        "series[" + i + "].name", "repeats \"" + series.get(i).name() + "\"");
            }
        }
        if (kind == ChartKind.PIE && series.size() != 1) {
            throw new ChartSpecException("series", "a pie chart has exactly one series, got " + series.size());
        }
        if (kind == ChartKind.PIE) {
            List<Series.Point> slices = ((Series.Values) series.getFirst()).points();
            for (int j = 0; j < slices.size(); j++) {
                if (slices.get(j).value() < 0) {
                    throw new ChartSpecException("series[0].points[" + j + "].value", "a pie slice cannot be negative");
                }
            }
        }
        ChartSpecException.checkText("title", title);
        ChartSpecException.checkText("source", source);
        ChartSpecException.checkSize("width", width);
        ChartSpecException.checkSize("height", height);
    }

    /** The axis titles and the unit of the values (shown with the y-axis title); empty when absent. */
    public record AxisLabels(String x, String y, String unit) {
        public static final AxisLabels NONE = new AxisLabels("", "", "");

        public AxisLabels {
            ChartSpecException.checkText("x_label", x);
            ChartSpecException.checkText("y_label", y);
            ChartSpecException.checkText("unit", unit);
        }

        /** The value axis' title: "Revenue (EUR)", "Revenue", "EUR" or "". */
        public String valueAxisTitle() {
            if (unit.isEmpty()) {
                return y;
            }
            return y.isEmpty() ? unit : y + " (" + unit + ")";
        }
    }
}
