package dev.easel.tools.planner;

import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A function offered to the planner.
 *
 * @param name what the planner calls it; letters, digits, '_' and '-', at most 64, as OpenAI requires
 * @param description when to use it; empty for none
 * @param parametersJsonSchema a JSON Schema object for the arguments, e.g. {@code {"type":"object",...}}
 */
public record FunctionSpec(String name, String description, String parametersJsonSchema) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public FunctionSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "function name must be 1-64 letters, digits, '_' or '-', got '" + name + "'");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parametersJsonSchema, "parametersJsonSchema");
        // Checked here, not when a request is sent, so a bad schema fails where it was written.
        JsonNode schema = PlannerJson.parseOrNull(parametersJsonSchema);
        if (schema == null || !schema.isObject()) {
            throw new IllegalArgumentException("parameters of function '" + name + "' must be a JSON object");
        }
    }
}
