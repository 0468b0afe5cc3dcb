package dev.easel.charts;

import java.util.List;

/** One named series of a chart: plain values, or open-high-low-close candles. */
public sealed interface Series {
    String name();

    int size();

    /** Values by category (bar, area, pie) or by x label (line). */
    record Values(String name, List<Point> points) implements Series {
        public Values {
            points = List.copyOf(points);
            ChartSpecException.checkText("name", name);
            if (points.isEmpty() || points.size() > ChartSpec.MAX_POINTS) {
                throw new ChartSpecException(
                        "points", "needs 1 to " + ChartSpec.MAX_POINTS + " points, got " + points.size());
            }
            uniqueLabels(points.stream().map(Point::label).toList());
        }

        @Override
        public int size() {
            return points.size();
        }
    }

    /** Candles in order along the x axis. */
    record Candles(String name, List<Candle> candles) implements Series {
        public Candles {
            candles = List.copyOf(candles);
            ChartSpecException.checkText("name", name);
            if (candles.isEmpty() || candles.size() > ChartSpec.MAX_POINTS) {
                throw new ChartSpecException(
                        "points", "needs 1 to " + ChartSpec.MAX_POINTS + " points, got " + candles.size());
            }
            uniqueLabels(candles.stream().map(Candle::label).toList());
        }

        @Override
        public int size() {
            return candles.size();
        }
    }

    /** A label names one category or x position, so it appears once per series. */
    private static void uniqueLabels(List<String> labels) {
        var seen = new java.util.HashSet<String>();
        for (int i = 0; i < labels.size(); i++) {
            if (!seen.add(labels.get(i))) {
                throw new ChartSpecException("points[" + i + "].label", "repeats \"" + labels.get(i) + "\"");
            }
        }
    }

    record Point(String label, double value) {
        public Point {
            ChartSpecException.checkText("label", label);
            ChartSpecException.checkFinite("value", value);
        }
    }

    record Candle(String label, double open, double high, double low, double close) {
        public Candle {
            ChartSpecException.checkText("label", label);
            ChartSpecException.checkFinite("open", open);
            ChartSpecException.checkFinite("high", high);
            ChartSpecException.checkFinite("low", low);
            ChartSpecException.checkFinite("close", close);
            if (low > Math.min(open, close)) {
                throw new ChartSpecException("low", "low " + low + " is above open or close");
            }
            if (high < Math.max(open, close)) {
                throw new ChartSpecException("high", "high " + high + " is below open or close");
            }
        }
    }
}
