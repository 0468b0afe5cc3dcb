package dev.easel.charts;

/** The chart kinds Easel draws exactly; {@link #wireName()} is the value of the {@code kind} argument. */
public enum ChartKind {
    BAR,
    LINE,
    AREA,
    PIE,
    CANDLESTICK;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
