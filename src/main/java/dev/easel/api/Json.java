package dev.easel.api;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the HTTP layer (wire names are written out explicitly, snake_case). */
final class Json {
    static final JsonMapper MAPPER = dev.easel.json.Wire.MAPPER;

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
