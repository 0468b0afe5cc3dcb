package dev.easel.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The chart function's arguments as a planner sends them (snake_case JSON, {@link #JSON_SCHEMA})
 * read into a {@link ChartSpec}. Every refusal is a {@link ChartSpecException} naming the field.
 */
public final class ChartSpecs {
    public static final int DEFAULT_WIDTH = 1024;
    public static final int DEFAULT_HEIGHT = 768;

    /** The JSON Schema of the arguments, for offering the chart function to a planner. */
    public static final String JSON_SCHEMA = """
            {"type":"object","properties":{\
            "kind":{"type":"string","enum":["bar","line","area","pie","candlestick"]},\
            "title":{"type":"string","maxLength":200},\
            "x_label":{"type":"string","maxLength":200},\
            "y_label":{"type":"string","maxLength":200},\
            "unit":{"type":"string","maxLength":200,"description":"unit of the values, shown with the y-axis label"},\
            "source":{"type":"string","maxLength":200,"description":"where the data comes from, printed under the chart"},\
            "width":{"type":"integer","minimum":64,"maximum":2048,"default":1024},\
            "height":{"type":"integer","minimum":64,"maximum":2048,"default":768},\
            "series":{"type":"array","minItems":1,"maxItems":20,"items":{"type":"object","properties":{\
            "name":{"type":"string","maxLength":200},\
            "points":{"type":"array","minItems":1,"maxItems":500,"items":{"type":"object","properties":{\
            "label":{"type":"string","maxLength":200},\
            "value":{"type":"number"},\
            "open":{"type":"number"},"high":{"type":"number"},"low":{"type":"number"},"close":{"type":"number"}},\
            "required":["label"],\
            "description":"value for bar, line, area and pie; open, high, low, close for candlestick"}}},\
            "required":["points"]}}},\
            "required":["kind","series"],"additionalProperties":false}""";

    private static final Set<String> TOP =
            Set.of("kind", "title", "x_label", "y_label", "unit", "source", "width", "height", "series");
    private static final Set<String> SERIES = Set.of("name", "points");
    private static final Set<String> VALUE_POINT = Set.of("label", "value");
    private static final Set<String> CANDLE_POINT = Set.of("label", "open", "high", "low", "close");

    private ChartSpecs() {}

    public static ChartSpec parse(JsonNode args) {
        if (args == null || !args.isObject()) {
            throw new ChartSpecException("arguments", "must be a JSON object");
        }
        onlyKnown(args, TOP);
        ChartKind kind = kind(args.get("kind"));
        JsonNode seriesNode = args.get("series");
        if (seriesNode == null || !seriesNode.isArray()) {
            throw new ChartSpecException("series", seriesNode == null ? "is required" : "must be an array");
        }
        if (seriesNode.isEmpty() || seriesNode.size() > ChartSpec.MAX_SERIES) {
            throw new ChartSpecException(
                    "series", "needs 1 to " + ChartSpec.MAX_SERIES + " series, got " + seriesNode.size());
        }
        List<Series> series = new ArrayList<>();
        for (int i = 0; i < seriesNode.size(); i++) {
            try {
                series.add(series(kind, seriesNode.get(i), i));
            } catch (ChartSpecException e) {
                throw e.field().startsWith("[") ? e.prefixed("series") : e.prefixed("series[" + i + "]");
            }
        }
        var axes = new ChartSpec.AxisLabels(text(args, "x_label"), text(args, "y_label"), text(args, "unit"));
        return new ChartSpec(
                kind,
                text(args, "title"),
                axes,
                series,
                text(args, "source"),
                size(args, "width", DEFAULT_WIDTH),
                size(args, "height", DEFAULT_HEIGHT));
    }

    private static ChartKind kind(JsonNode node) {
        if (node == null) {
            throw new ChartSpecException("kind", "is required");
        }
        if (node.isString()) {
            for (ChartKind k : ChartKind.values()) {
                if (k.wireName().equals(node.stringValue())) {
                    return k;
                }
            }
        }
        throw new ChartSpecException("kind", "must be one of bar, line, area, pie, candlestick, got " + node);
    }

    private static Series series(ChartKind kind, JsonNode node, int index) {
        if (!node.isObject()) {
            throw new ChartSpecException("[" + index + "]", "must be an object");
        }
        onlyKnown(node, SERIES);
        String name = node.has("name") ? text(node, "name") : "Series " + (index + 1);
        JsonNode points = node.get("points");
        if (points == null || !points.isArray()) {
            throw new ChartSpecException("points", points == null ? "is required" : "must be an array");
        }
        if (points.isEmpty() || points.size() > ChartSpec.MAX_POINTS) {
            throw new ChartSpecException(
                    "points", "needs 1 to " + ChartSpec.MAX_POINTS + " points, got " + points.size());
        }
        boolean candles = kind == ChartKind.CANDLESTICK;
        List<Series.Point> values = new ArrayList<>();
        List<Series.Candle> candleList = new ArrayList<>();
        for (int j = 0; j < points.size(); j++) {
            JsonNode p = points.get(j);
            String at = "points[" + j + "]";
            try {
                if (!p.isObject()) {
                    throw new ChartSpecException("[" + j + "]", "must be an object");
                }
                onlyKnown(p, candles ? CANDLE_POINT : VALUE_POINT);
                String label = required(p, "label");
                if (candles) {
                    candleList.add(new Series.Candle(
                            label, number(p, "open"), number(p, "high"), number(p, "low"), number(p, "close")));
                } else {
                    values.add(new Series.Point(label, number(p, "value")));
                }
            } catch (ChartSpecException e) {
                throw e.field().startsWith("[") ? e.prefixed("points") : e.prefixed(at);
            }
        }
        return candles ? new Series.Candles(name, candleList) : new Series.Values(name, values);
    }

    private static void onlyKnown(JsonNode node, Set<String> known) {
        for (String key : node.propertyNames()) {
            if (!known.contains(key)) {
                String hint = known.stream().sorted().toList().toString();
                throw new ChartSpecException(key, "is not a known argument here (known: " + hint + ")");
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isString()) {
            throw new ChartSpecException(field, "must be a string");
        }
        String s = v.stringValue().strip();
        ChartSpecException.checkText(field, s);
        return s;
    }

    private static String required(JsonNode node, String field) {
        if (!node.has(field) || node.get(field).isNull()) {
            throw new ChartSpecException(field, "is required");
        }
        return text(node, field);
    }

    private static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new ChartSpecException(field, "is required");
        }
        if (!v.isNumber()) {
            throw new ChartSpecException(field, "must be a number, got " + v);
        }
        double d = v.doubleValue();
        ChartSpecException.checkFinite(field, d);
        return d;
    }

    private static int size(JsonNode node, String field, int fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ChartSpecException(field, "must be an integer, got " + v);
        }
        ChartSpecException.checkSize(field, v.intValue());
        return v.intValue();
    }

    /** What a chart shows, in words: the revised_prompt of its image. */
    public static String describe(ChartSpec spec) {
        StringBuilder d = new StringBuilder("A ").append(spec.kind().wireName()).append(" chart");
        if (!spec.title().isEmpty()) {
            d.append(" titled \"").append(spec.title()).append('"');
        }
        d.append(" of ")
                .append(spec.series().size() == 1 ? "one series" : spec.series().size() + " series");
        d.append(" (")
                .append(String.join(
                        ", ",
                        spec.series().stream()
                                .map(s -> s.name() + ": " + s.size() + " points")
                                .toList()))
                .append(")");
        String axis = spec.axes().valueAxisTitle();
        if (!axis.isEmpty()) {
            d.append(", values in ").append(axis);
        }
        if (!spec.source().isEmpty()) {
            d.append(". ").append(spec.source().startsWith("Source") ? spec.source() : "Source: " + spec.source());
        }
        return d.append('.').toString();
    }

    /** A drawn chart as an image file whose metadata says what it shows and that it was drawn, not generated. */
    public static byte[] encode(
            dev.easel.media.RgbImage image, dev.easel.media.OutputFormat format, int compression, String description) {
        return dev.easel.media.ImageEncoder.encode(
                image,
                new dev.easel.media.EncodeOptions(
                        format, compression, description + "\nSoftware: Easel (exact chart, not generated)"));
    }
}
