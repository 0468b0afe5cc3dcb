package dev.easel.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.json.Wire;
import org.junit.jupiter.api.Test;

class ChartSpecsTest {
    private static ChartSpec parse(String json) {
        return ChartSpecs.parse(Wire.read(json));
    }

    private static void refused(String json, String field) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(
                        ChartSpecException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ");
    }

    @Test
    void readsEveryArgument() {
        ChartSpec spec = parse("""
                {"kind":"bar","title":"Revenue","x_label":"Quarter","y_label":"Revenue","unit":"EUR m",
                 "source":"Annual report 2025","width":640,"height":480,
                 "series":[{"name":"2025","points":[{"label":"Q1","value":12.5},{"label":"Q2","value":-3}]}]}""");
        assertThat(spec.kind()).isEqualTo(ChartKind.BAR);
        assertThat(spec.title()).isEqualTo("Revenue");
        assertThat(spec.axes()).isEqualTo(new ChartSpec.AxisLabels("Quarter", "Revenue", "EUR m"));
        assertThat(spec.axes().valueAxisTitle()).isEqualTo("Revenue (EUR m)");
        assertThat(spec.source()).isEqualTo("Annual report 2025");
        assertThat(spec.width()).isEqualTo(640);
        assertThat(spec.height()).isEqualTo(480);
        assertThat(spec.series())
                .containsExactly(new Series.Values(
                        "2025", java.util.List.of(new Series.Point("Q1", 12.5), new Series.Point("Q2", -3))));
    }

    @Test
    void optionalArgumentsHaveDefaults() {
        ChartSpec spec = parse("""
                {"kind":"candlestick","series":[{"points":[{"label":"Mon","open":2,"high":5,"low":1,"close":4}]}]}""");
        assertThat(spec.title()).isEmpty();
        assertThat(spec.source()).isEmpty();
        assertThat(spec.axes()).isEqualTo(ChartSpec.AxisLabels.NONE);
        assertThat(spec.width()).isEqualTo(ChartSpecs.DEFAULT_WIDTH);
        assertThat(spec.height()).isEqualTo(ChartSpecs.DEFAULT_HEIGHT);
        assertThat(spec.series().getFirst())
                .isEqualTo(new Series.Candles("Series 1", java.util.List.of(new Series.Candle("Mon", 2, 5, 1, 4))));
    }

    @Test
    void errorsNameTheField() {
        String point = "{\"label\":\"a\",\"value\":1}";
        refused("[]", "arguments");
        refused("{\"series\":[]}", "kind");
        refused("{\"kind\":\"radar\",\"series\":[]}", "kind");
        refused("{\"kind\":\"bar\"}", "series");
        refused("{\"kind\":\"bar\",\"series\":[]}", "series");
        refused("{\"kind\":\"bar\",\"colour\":\"red\",\"series\":[]}", "colour");
        refused("{\"kind\":\"bar\",\"series\":[{\"points\":[]}]}", "series[0].points");
        refused(
                "{\"kind\":\"bar\",\"series\":[{\"points\":[" + point + ",{\"label\":\"b\",\"value\":\"x\"}]}]}",
                "series[0].points[1].value");
        refused("{\"kind\":\"bar\",\"series\":[{\"points\":[{\"value\":1}]}]}", "series[0].points[0].label");
        refused(
                "{\"kind\":\"bar\",\"series\":[{\"points\":[" + point + "," + point + "]}]}",
                "series[0].points[1].label");
        refused("{\"kind\":\"bar\",\"series\":[{\"points\":[" + point + "]},7]}", "series[1]");
        refused("{\"kind\":\"bar\",\"series\":[{\"points\":[" + point + "]," + "\"name\":5}]}", "series[0].name");
        refused("{\"kind\":\"bar\",\"width\":63,\"series\":[{\"points\":[" + point + "]}]}", "width");
        refused("{\"kind\":\"bar\",\"height\":2049,\"series\":[{\"points\":[" + point + "]}]}", "height");
        refused("{\"kind\":\"bar\",\"height\":100.5,\"series\":[{\"points\":[" + point + "]}]}", "height");
        refused(
                "{\"kind\":\"bar\",\"title\":\"" + "t".repeat(201) + "\",\"series\":[{\"points\":[" + point + "]}]}",
                "title");
        refused(
                "{\"kind\":\"pie\",\"series\":[{\"points\":[{\"label\":\"a\",\"value\":-1}]}]}",
                "series[0].points[0].value");
        refused(
                "{\"kind\":\"pie\",\"series\":[{\"name\":\"a\",\"points\":[" + point + "]},{\"name\":\"b\",\"points\":["
                        + point + "]}]}",
                "series");
        refused(
                "{\"kind\":\"line\",\"series\":[{\"name\":\"a\",\"points\":[" + point
                        + "]},{\"name\":\"a\",\"points\":[" + point + "]}]}",
                "series[1].name");
        refused("{\"kind\":\"candlestick\",\"series\":[{\"points\":[" + point + "]}]}", "series[0].points[0].value");
        refused(
                "{\"kind\":\"candlestick\",\"series\":[{\"points\":[{\"label\":\"a\",\"open\":1,\"high\":5,\"low\":2,"
                        + "\"close\":4}]}]}",
                "series[0].points[0].low");
        refused(
                "{\"kind\":\"candlestick\",\"series\":[{\"points\":[{\"label\":\"a\",\"open\":1,\"high\":3,\"low\":0,"
                        + "\"close\":4}]}]}",
                "series[0].points[0].high");
        refused(
                "{\"kind\":\"candlestick\",\"series\":[{\"points\":[{\"label\":\"a\",\"open\":1,\"low\":0,"
                        + "\"close\":4}]}]}",
                "series[0].points[0].high");
    }

    @Test
    void limitsOnCounts() {
        String point = "{\"label\":\"a\",\"value\":1}";
        StringBuilder many = new StringBuilder("{\"kind\":\"line\",\"series\":[");
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ",").append("{\"name\":\"s" + i + "\",\"points\":[" + point + "]}");
        }
        refused(many + "]}", "series");
        StringBuilder points = new StringBuilder("{\"kind\":\"line\",\"series\":[{\"points\":[");
        for (int i = 0; i < 501; i++) {
            points.append(i == 0 ? "" : ",").append("{\"label\":\"p" + i + "\",\"value\":" + i + "}");
        }
        refused(points + "]}]}", "series[0].points");
    }

    @Test
    void finiteNumbersOnlyInSpecsBuiltInCode() {
        assertThatThrownBy(() -> new Series.Point("a", Double.NaN))
                .isInstanceOfSatisfying(
                        ChartSpecException.class, e -> assertThat(e.field()).isEqualTo("value"));
    }

    @Test
    void schemaIsJsonNamingEveryArgument() {
        var schema = Wire.read(ChartSpecs.JSON_SCHEMA);
        assertThat(schema.get("type").asString()).isEqualTo("object");
        assertThat(schema.get("properties").propertyNames())
                .containsExactlyInAnyOrder(
                        "kind", "title", "x_label", "y_label", "unit", "source", "width", "height", "series");
        assertThat(schema.get("required").toString()).isEqualTo("[\"kind\",\"series\"]");
        assertThat(schema.at("/properties/kind/enum").toString())
                .isEqualTo("[\"bar\",\"line\",\"area\",\"pie\",\"candlestick\"]");
    }
}
