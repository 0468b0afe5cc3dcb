package dev.easel.wire;

import dev.easel.json.Wire;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code web_search} tool (and its older name {@code web_search_preview}) as a request
 * configured it (spec 6.1).
 *
 * @param type the type as given ({@code web_search}, {@code web_search_2025_08_26},
 *     {@code web_search_preview}, {@code web_search_preview_2025_03_11}), echoed as given
 * @param searchContextSize low, medium (the default) or high: how many results and how much page
 *     text the planner gets
 * @param allowedDomains {@code filters.allowed_domains}: results only from these domains and their
 *     subdomains (no scheme); empty for no filter
 * @param externalWebAccess false asks for cached pages only: Easel then reads no page it has not
 *     read recently (search results still come from the provider)
 */
public record WebSearchSpec(
        String type,
        String searchContextSize,
        Optional<UserLocation> userLocation,
        Optional<List<String>> allowedDomains,
        Optional<Boolean> externalWebAccess,
        Optional<List<String>> searchContentTypes)
        implements ToolSpec {
    public WebSearchSpec {
        Objects.requireNonNull(type, "type");
        allowedDomains = allowedDomains.map(List::copyOf);
        searchContentTypes = searchContentTypes.map(List::copyOf);
    }

    /** {@code {type: "approximate", city?, country?, region?, timezone?}}. */
    public record UserLocation(
            Optional<String> city, Optional<String> country, Optional<String> region, Optional<String> timezone) {}

    public boolean preview() {
        return type.startsWith("web_search_preview");
    }

    /** How many results the planner is shown: 3, 5 or 8 by context size. */
    public int resultCount() {
        return switch (searchContextSize) {
            case "low" -> 3;
            case "high" -> 8;
            default -> 5;
        };
    }

    /** The echo in {@code response.tools}, as OpenAI's responses show it. */
    @Override
    public ObjectNode echo() {
        ObjectNode t = Wire.object();
        t.put("type", type);
        if (!preview()) {
            allowedDomains.ifPresentOrElse(
                    domains -> domains.forEach(t.putObject("filters").putArray("allowed_domains")::add),
                    () -> t.putNull("filters"));
        }
        t.put("search_context_size", searchContextSize);
        userLocation.ifPresentOrElse(
                l -> {
                    ObjectNode o = t.putObject("user_location");
                    o.put("type", "approximate");
                    put(o, "city", l.city());
                    put(o, "country", l.country());
                    put(o, "region", l.region());
                    put(o, "timezone", l.timezone());
                },
                () -> t.putNull("user_location"));
        externalWebAccess.ifPresent(e -> t.put("external_web_access", e));
        searchContentTypes.ifPresent(types -> types.forEach(t.putArray("search_content_types")::add));
        return t;
    }

    private static void put(ObjectNode o, String name, Optional<String> value) {
        value.ifPresentOrElse(v -> o.put(name, v), () -> o.putNull(name));
    }
}
