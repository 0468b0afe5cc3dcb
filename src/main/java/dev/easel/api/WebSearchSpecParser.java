package dev.easel.api;

import dev.easel.wire.ApiException;
import dev.easel.wire.WebSearchSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Validates a {@code web_search} / {@code web_search_preview} tool (spec 6.1) into a
 * {@link WebSearchSpec}; an error names the field with its place in the request.
 */
final class WebSearchSpecParser {
    static final List<String> TYPES =
            List.of("web_search", "web_search_2025_08_26", "web_search_preview", "web_search_preview_2025_03_11");

    /** A domain without scheme or path: labels of letters, digits and '-', dot-separated. */
    private static final Pattern DOMAIN =
            Pattern.compile("(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private static final int MAX_DOMAINS = 20;

    private WebSearchSpecParser() {}

    static WebSearchSpec parse(JsonNode tool, String at) {
        try {
            return fields(tool);
        } catch (ApiException e) {
            throw e.under(at);
        }
    }

    private static WebSearchSpec fields(JsonNode tool) {
        Fields f = new Fields.JsonFields(tool);
        String type = f.requiredString("type");
        boolean preview = type.startsWith("web_search_preview");
        String size = f.choice("search_context_size", List.of("low", "medium", "high"))
                .orElse("medium");
        Optional<WebSearchSpec.UserLocation> location = Optional.ofNullable(tool.get("user_location"))
                .filter(l -> !l.isNull())
                .map(l -> location(l, preview));
        f.accept("user_location");
        Optional<List<String>> domains = Optional.empty();
        Optional<Boolean> external = Optional.empty();
        Optional<List<String>> contentTypes = Optional.empty();
        if (preview) {
            contentTypes = Optional.ofNullable(tool.get("search_content_types"))
                    .filter(t -> !t.isNull())
                    .map(WebSearchSpecParser::contentTypes);
            f.accept("search_content_types");
        } else {
            domains = f.object("filters").flatMap(WebSearchSpecParser::domains);
            external = f.bool("external_web_access");
        }
        f.rejectUnknown();
        return new WebSearchSpec(type, size, location, domains, external, contentTypes);
    }

    private static WebSearchSpec.UserLocation location(JsonNode l, boolean preview) {
        if (!l.isObject()) {
            throw ApiException.invalid("user_location", "'user_location' must be an object.");
        }
        Fields f = new Fields.JsonFields(l);
        Optional<String> type = f.choice("type", List.of("approximate"));
        if (preview && type.isEmpty()) {
            throw ApiException.missing("user_location.type");
        }
        Optional<String> country = f.string("country");
        if (country.isPresent() && !country.get().matches("[A-Za-z]{2}")) {
            throw ApiException.invalid(
                    "user_location.country", "'country' is a two-letter ISO country code, such as 'US'.");
        }
        WebSearchSpec.UserLocation location = new WebSearchSpec.UserLocation(
                f.string("city"),
                country.map(c -> c.toUpperCase(Locale.ROOT)),
                f.string("region"),
                f.string("timezone"));
        try {
            f.rejectUnknown();
        } catch (ApiException e) {
            throw e.under("user_location");
        }
        return location;
    }

    private static Optional<List<String>> domains(JsonNode filters) {
        Fields f = new Fields.JsonFields(filters);
        JsonNode list = filters.get("allowed_domains");
        f.accept("allowed_domains");
        try {
            f.rejectUnknown();
        } catch (ApiException e) {
            throw e.under("filters");
        }
        if (list == null || list.isNull()) {
            return Optional.empty();
        }
        String param = "filters.allowed_domains";
        if (!list.isArray()) {
            throw ApiException.invalid(param, "'allowed_domains' must be an array of domains.");
        }
        if (list.size() > MAX_DOMAINS) {
            throw ApiException.invalid(param, "'allowed_domains' may list at most " + MAX_DOMAINS + " domains.");
        }
        List<String> domains = new ArrayList<>();
        for (JsonNode d : list) {
            if (!d.isString() || !DOMAIN.matcher(d.asString()).matches()) {
                throw ApiException.invalid(
                        param, "Each allowed domain is a host name without scheme or path, such as 'example.com'.");
            }
            domains.add(d.asString().toLowerCase(Locale.ROOT));
        }
        return Optional.of(domains);
    }

    private static List<String> contentTypes(JsonNode types) {
        if (!types.isArray()
                || !types.valueStream()
                        .allMatch(t -> t.isString() && List.of("text", "image").contains(t.asString()))) {
            throw ApiException.invalid(
                    "search_content_types", "'search_content_types' is an array of 'text' and 'image'.");
        }
        return types.valueStream().map(JsonNode::asString).toList();
    }
}
