package dev.easel.json;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON mapper for everything on the wire and in the store. Wire objects are built field by
 * field in OpenAI's key order (clients compare captures byte for byte more often than one would
 * hope), so no naming strategy is involved.
 */
public final class Wire {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Wire() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** Parses JSON text that this process wrote (stored items, events); failures are bugs, not input errors. */
    public static JsonNode read(String json) {
        return MAPPER.readTree(json);
    }
}
