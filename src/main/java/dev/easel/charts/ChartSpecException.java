package dev.easel.charts;

/**
 * Chart arguments that cannot be drawn. {@link #field()} is the path of the offending argument
 * ({@code series[2].points[7].value}); {@link #prefixed} builds it up as the parser unwinds.
 */
public final class ChartSpecException extends IllegalArgumentException {
    private final String field;
    private final String reason;

    public ChartSpecException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    /** The same error one level further out: {@code prefix + "." + field} (or {@code prefix + field} for an index). */
    public ChartSpecException prefixed(String prefix) {
        String joined = field.startsWith("[") ? prefix + field : prefix + "." + field;
        return new ChartSpecException(joined, reason);
    }

    static void checkText(String field, String text) {
        if (text == null) {
            throw new ChartSpecException(field, "is required");
        }
        if (text.length() > ChartSpec.MAX_TEXT) {
            throw new ChartSpecException(
                    field, "is " + text.length() + " characters, at most " + ChartSpec.MAX_TEXT + " allowed");
        }
    }

    static void checkFinite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new ChartSpecException(field, "must be a finite number");
        }
    }

    static void checkSize(String field, int pixels) {
        if (pixels < ChartSpec.MIN_SIZE || pixels > ChartSpec.MAX_SIZE) {
            throw new ChartSpecException(
                    field, "must be " + ChartSpec.MIN_SIZE + ".." + ChartSpec.MAX_SIZE + " pixels, got " + pixels);
        }
    }
}
