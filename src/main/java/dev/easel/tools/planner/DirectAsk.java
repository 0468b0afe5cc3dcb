package dev.easel.tools.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What direct mode reads in the user's words without a model, by documented rules (README, "Exact
 * charts" and "Exact text"):
 *
 * <ul>
 *   <li>A <b>chart of data</b>: the text names a chart ("chart", "graph", "plot", "candlestick",
 *       "OHLC") and holds at least two data items, either one a line or, after the first colon,
 *       separated by commas or semicolons; an item is a label then one number (or four, open high
 *       low close, for a candlestick), optionally with a unit after the number ({@code EUR},
 *       {@code %}) or a currency sign before it ({@code $12}). The kind is the one named (bar when
 *       none); the title is the text before the data without the request's verbs ("chart these
 *       closing prices of ACME" becomes "Closing prices of ACME").
 *   <li>A <b>headline</b>: a text in double quotes after headline, title, caption, heading, text,
 *       says, saying, reads or reading ({@code with the headline "Summer Sale"}) is set in type over
 *       the image; the phrase leaves the prompt, so the diffusion model does not try to letter it.
 * </ul>
 */
record DirectAsk(String prompt, Optional<String> headline, Optional<ObjectNode> chart) {
    private static final int MAX_ITEMS = 500;
    private static final int MAX_LABEL = 200;

    private static final Pattern CHART_WORD = Pattern.compile(
            "\\b(chart|charts|charted|graph|graphs|plot|plots|plotted|candlestick|candlesticks|ohlc)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADLINE = Pattern.compile(
            "(?:,?\\s*(?:with|and)\\s+(?:the|a|an)?\\s*)?"
                    + "\\b(?:headline|title|caption|heading|text|says|saying|reads|reading)\\s*:?\\s*[\"“]([^\"”\\n]{1,200})[\"”]",
            Pattern.CASE_INSENSITIVE);
    private static final String NUMBER = "[-+]?\\d+(?:\\.\\d+)?";
    /** A label, then one number with an optional currency sign before or unit after it. */
    private static final Pattern VALUE_ITEM = Pattern.compile("^(?<label>.*?\\S)\\s*(?:[:=]\\s*|\\s+)"
            + "(?<sign>[$€£¥])?(?<v>" + NUMBER + ")\\s*(?<unit>%|[A-Za-z$€£¥]{1,5})?\\s*\\.?$");
    /** A label, then open, high, low and close. */
    private static final Pattern CANDLE_ITEM = Pattern.compile("^(?<label>.*?\\S)\\s*(?:[:=]\\s*|\\s+)"
            + "(?<o>" + NUMBER + ")[\\s/]+(?<h>" + NUMBER + ")[\\s/]+(?<l>" + NUMBER + ")[\\s/]+(?<c>" + NUMBER
            + ")\\s*(?<unit>%|[A-Za-z$€£¥]{1,5})?\\s*\\.?$");

    private static final Pattern LEAD_VERBS = Pattern.compile(
            "^(?:please\\s+)?(?:(?:make|draw|create|render|show|give|generate|plot|chart|graph)\\s+)?(?:me\\s+)?"
                    + "(?:(?:a|an|the)\\s+)?(?:(?:bar|line|area|pie|candlestick|ohlc)\\s+)?"
                    + "(?:(?:chart|graph|plot)\\s+)?(?:(?:of|for|with|showing)\\s+)?(?:(?:these|the|this|those)\\s+)?",
            Pattern.CASE_INSENSITIVE);

    static DirectAsk of(String text) {
        Optional<ObjectNode> chart = chart(text);
        if (chart.isPresent()) {
            return new DirectAsk(text, Optional.empty(), chart);
        }
        Matcher m = HEADLINE.matcher(text);
        if (m.find()) {
            String prompt = (text.substring(0, m.start()) + " " + text.substring(m.end()))
                    .replaceAll("\\s+", " ")
                    .replaceAll(" ([,.;:!?])", "$1")
                    .replaceAll("^[,.;:]\\s*", "")
                    .strip();
            return new DirectAsk(
                    prompt.isEmpty() ? text : prompt, Optional.of(m.group(1).strip()), Optional.empty());
        }
        return new DirectAsk(text, Optional.empty(), Optional.empty());
    }

    private static Optional<ObjectNode> chart(String text) {
        Matcher word = CHART_WORD.matcher(text);
        if (!word.find()) {
            return Optional.empty();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        boolean candles = lower.contains("candlestick") || lower.contains("ohlc");
        Pattern item = candles ? CANDLE_ITEM : VALUE_ITEM;
        // One item a line when at least two lines hold one; else the items after the first colon.
        List<String> lines = text.lines().toList();
        List<String> items = new ArrayList<>();
        StringBuilder lead = new StringBuilder();
        for (String line : lines) {
            if (item.matcher(line.strip()).matches()) {
                items.add(line.strip());
            } else if (items.isEmpty()) {
                lead.append(lead.isEmpty() ? "" : " ").append(line.strip());
            }
        }
        if (items.size() < 2) {
            items.clear();
            int colon = text.indexOf(':');
            String data = colon < 0 ? text : text.substring(colon + 1);
            for (String part : data.split("[,;\\n]")) {
                if (item.matcher(part.strip()).matches()) {
                    items.add(part.strip());
                } else if (!part.isBlank()) {
                    return Optional.empty(); // prose among the data: not a table to trust
                }
            }
            lead.setLength(0);
            lead.append(colon < 0 ? "" : text.substring(0, colon).strip());
        }
        if (items.size() < 2 || items.size() > MAX_ITEMS) {
            return Optional.empty();
        }
        ObjectNode args = PlannerJson.MAPPER.createObjectNode();
        args.put("kind", candles ? "candlestick" : kind(lower));
        String title = title(lead.toString());
        if (!title.isEmpty()) {
            args.put("title", title);
        }
        ArrayNode points = args.putArray("series").addObject().putArray("points");
        String unit = null;
        for (String s : items) {
            Matcher m = item.matcher(s);
            if (!m.matches() || m.group("label").length() > MAX_LABEL) {
                return Optional.empty();
            }
            ObjectNode point = points.addObject().put("label", m.group("label"));
            if (candles) {
                for (String f : List.of("o", "h", "l", "c")) {
                    point.put(
                            switch (f) {
                                case "o" -> "open";
                                case "h" -> "high";
                                case "l" -> "low";
                                default -> "close";
                            },
                            Double.parseDouble(m.group(f)));
                }
            } else {
                point.put("value", Double.parseDouble(m.group("v")));
                if (m.group("sign") != null) {
                    unit = m.group("sign");
                }
            }
            if (m.group("unit") != null) {
                unit = m.group("unit");
            }
        }
        if (unit != null) {
            args.put("unit", unit);
        }
        return Optional.of(args);
    }

    private static String kind(String lower) {
        for (String kind : List.of("pie", "area", "line", "bar")) {
            if (Pattern.compile("\\b" + kind + "\\b").matcher(lower).find()) {
                return kind;
            }
        }
        return "bar";
    }

    private static String title(String lead) {
        String t = LEAD_VERBS.matcher(lead.strip()).replaceFirst("").strip();
        t = t.replaceAll("[\\s:.,;]+$", "");
        if (t.length() > MAX_LABEL) {
            t = t.substring(0, MAX_LABEL).strip();
        }
        return t.isEmpty() ? "" : Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }
}
