package dev.easel.tools.planner;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The planner package's JSON mapper; wire names are written out explicitly, snake_case. */
final class PlannerJson {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private PlannerJson() {}

    /** The tree of {@code text}, or null when it is not one well-formed JSON value. */
    static JsonNode parseOrNull(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JacksonException e) {
            return null;
        }
    }
}
