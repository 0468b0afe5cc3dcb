package dev.easel.tools.planner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Direct mode's documented rules for data to chart and headlines to set, read from the user's words. */
class DirectAskTest {
    private static JsonNode chart(String text) {
        return DirectAsk.of(text).chart().orElseThrow();
    }

    @Test
    void itemsAfterTheColonWithAUnitMakeABarChart() {
        JsonNode c = chart("chart these closing prices of ACME: Mon 10.50, Tue 12.25, Wed 11.00 EUR");

        assertThat(c.get("kind").asString()).isEqualTo("bar");
        assertThat(c.get("title").asString()).isEqualTo("Closing prices of ACME");
        assertThat(c.get("unit").asString()).isEqualTo("EUR");
        JsonNode points = c.get("series").get(0).get("points");
        assertThat(points).hasSize(3);
        assertThat(points.get(0).get("label").asString()).isEqualTo("Mon");
        assertThat(points.get(2).get("value").asDouble()).isEqualTo(11.0);
    }

    @Test
    void oneItemALineWithDateLabelsAndTheKindNamed() {
        JsonNode c = chart("Plot a line chart of the closing price:\n2026-11-23: $189.40\n2026-11-24: $190.10\n"
                + "2026-11-25: $187.95\n");

        assertThat(c.get("kind").asString()).isEqualTo("line");
        assertThat(c.get("title").asString()).isEqualTo("Closing price");
        assertThat(c.get("unit").asString()).isEqualTo("$");
        JsonNode points = c.get("series").get(0).get("points");
        assertThat(points.get(0).get("label").asString()).isEqualTo("2026-11-23");
        assertThat(points.get(1).get("value").asDouble()).isEqualTo(190.10);
    }

    @Test
    void labelsMayHoldNumbersAndPiesAndPercentagesWork() {
        JsonNode c = chart("pie chart of market share: Q1 2024 40%, Q2 2024 35%, rest 25%");

        assertThat(c.get("kind").asString()).isEqualTo("pie");
        assertThat(c.get("unit").asString()).isEqualTo("%");
        assertThat(c.get("series").get(0).get("points").get(1).get("label").asString())
                .isEqualTo("Q2 2024");
    }

    @Test
    void fourNumbersAnItemMakeACandlestickChart() {
        JsonNode c = chart("candlestick chart of ACME\nMon 10 12 9 11\nTue 11 13 10.5 12.5\n");

        assertThat(c.get("kind").asString()).isEqualTo("candlestick");
        JsonNode tue = c.get("series").get(0).get("points").get(1);
        assertThat(tue.get("open").asDouble()).isEqualTo(11);
        assertThat(tue.get("high").asDouble()).isEqualTo(13);
        assertThat(tue.get("low").asDouble()).isEqualTo(10.5);
        assertThat(tue.get("close").asDouble()).isEqualTo(12.5);
    }

    @Test
    void noChartWithoutAChartWordOrWithProseOrOneItem() {
        assertThat(DirectAsk.of("prices: Mon 10, Tue 12").chart()).isEmpty();
        assertThat(DirectAsk.of("a chart of a ship: it sails at 10 knots, fast").chart())
                .isEmpty();
        assertThat(DirectAsk.of("chart: Mon 10").chart()).isEmpty();
        assertThat(DirectAsk.of("chart of sales: 1,234.5 and 2,000").chart()).isEmpty();
        assertThat(DirectAsk.of("a nautical chart of the bay at dusk").chart()).isEmpty();
    }

    @Test
    void aQuotedHeadlineLeavesThePromptAndIsSetInType() {
        DirectAsk ask = DirectAsk.of("a mountain lake at dawn with the headline \"Summer Sale\", in watercolour");

        assertThat(ask.headline()).contains("Summer Sale");
        assertThat(ask.prompt()).isEqualTo("a mountain lake at dawn, in watercolour");
        assertThat(DirectAsk.of("a sign that says “Open”").headline()).contains("Open");
        assertThat(DirectAsk.of("a sign that says Open").headline()).isEmpty();
        assertThat(DirectAsk.of("a lake").prompt()).isEqualTo("a lake");
    }
}
