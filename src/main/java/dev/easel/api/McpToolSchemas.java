package dev.easel.api;

import dev.easel.images.ImagePlan;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MCP tools' definitions: the Images API's fields, named and bounded as there. The schemas
 * describe; {@link ImageRequest} and {@link EditInputs} validate (the SDK's own input validation
 * is off), so a bad argument gets the Images API's message as a tool execution error.
 */
final class McpToolSchemas {
    static final String GENERATE = "generate_image";
    static final String EDIT = "edit_image";

    private McpToolSchemas() {}

    static McpSchema.Tool generate() {
        ObjectNode schema = schema(false);
        return McpSchema.Tool.builder()
                .name(GENERATE)
                .title("Generate an image")
                .description("Generates images from a text prompt on Easel's local model, with the options of "
                        + "OpenAI's POST /v1/images/generations. Returns each image and a link to its stored file.")
                .inputSchema(map(schema))
                .annotations(new McpSchema.ToolAnnotations(null, false, false, false, false, null))
                .build();
    }

    static McpSchema.Tool edit() {
        ObjectNode schema = schema(true);
        return McpSchema.Tool.builder()
                .name(EDIT)
                .title("Edit an image")
                .description("Edits the first of 'images' (a data URL, an http(s) URL or an uploaded file id) as "
                        + "the prompt says, optionally only where 'mask' is transparent, with the options of "
                        + "OpenAI's POST /v1/images/edits. Returns each image and a link to its stored file.")
                .inputSchema(map(schema))
                .annotations(new McpSchema.ToolAnnotations(null, false, false, false, true, null))
                .build();
    }

    /** The argument names a tool accepts: anything else is refused as an unknown parameter. */
    static Set<String> names(boolean edit) {
        return Set.copyOf(schema(edit).get("properties").propertyNames());
    }

    private static ObjectNode schema(boolean edit) {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        ObjectNode p = schema.putObject("properties");
        string(p, "prompt", "What to draw (at most " + ImageRequest.MAX_PROMPT + " characters).");
        if (edit) {
            ObjectNode images = p.putObject("images");
            images.put("type", "array");
            images.put("minItems", 1);
            images.put("maxItems", 16);
            images.put(
                    "description",
                    "The images, the first one edited, the others references that steer it (on a model with"
                            + " an IP-Adapter): {\"image_url\": data URL or "
                            + "http(s) URL} or {\"file_id\": id of a file uploaded to /v1/files}.");
            images.set("items", reference());
            ObjectNode mask = reference();
            mask.put("description", "Where to edit: a PNG of the first image's size, edited where transparent.");
            p.set("mask", mask);
            enumeration(
                    p, "input_fidelity", List.of("low", "high"), "How closely to keep the source (low by default).");
            ObjectNode scale = p.putObject("ip_adapter_scale");
            scale.put("type", "number");
            scale.put("minimum", 0);
            scale.put("maximum", 2);
            scale.put(
                    "description", "How strongly the reference images steer the edit (the model's default if unset).");
        }
        string(p, "model", "A local model or alias; OpenAI's model names map to the default model.");
        integer(p, "n", 1, 10, "How many images (1 by default).");
        string(p, "size", "'auto' or 'WxH' with both sides multiples of 8 within the model's limits, e.g. '512x512'.");
        enumeration(p, "quality", ImagePlan.QUALITIES, "Step count preset: low, medium (auto) or high.");
        enumeration(p, "output_format", List.of("png", "jpeg", "webp"), "The file format (png by default).");
        integer(p, "output_compression", 0, 100, "jpeg and webp quality, 0 to 100.");
        enumeration(
                p,
                "background",
                List.of("transparent", "opaque", "auto"),
                "transparent: cut out by the server's matting model (png or webp only); auto: transparent when the"
                        + " prompt asks for a transparent background; opaque by default.");
        integer(p, "seed", 0, (1L << 53) - 1, "The random seed, for a reproducible image.");
        integer(p, "steps", 1, 150, "Denoising steps (overrides quality).");
        ObjectNode guidance = p.putObject("guidance_scale");
        guidance.put("type", "number");
        guidance.put("minimum", 0);
        guidance.put("maximum", 30);
        guidance.put("description", "Classifier-free guidance scale.");
        string(p, "negative_prompt", "What not to draw.");
        enumeration(p, "scheduler", List.of("euler", "euler_a", "ddim", "lcm"), "The sampler.");
        schema.putArray("required").add("prompt");
        if (edit) {
            schema.withArray("required").add("images");
        }
        return schema;
    }

    private static ObjectNode reference() {
        ObjectNode ref = Json.object();
        ref.put("type", "object");
        ObjectNode props = ref.putObject("properties");
        props.putObject("image_url").put("type", "string");
        props.putObject("file_id").put("type", "string");
        return ref;
    }

    private static void string(ObjectNode properties, String name, String description) {
        properties.putObject(name).put("type", "string").put("description", description);
    }

    private static void integer(ObjectNode properties, String name, long min, long max, String description) {
        properties
                .putObject(name)
                .put("type", "integer")
                .put("minimum", min)
                .put("maximum", max)
                .put("description", description);
    }

    private static void enumeration(ObjectNode properties, String name, List<String> values, String description) {
        ObjectNode node = properties.putObject(name).put("type", "string").put("description", description);
        values.forEach(node.putArray("enum")::add);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(ObjectNode schema) {
        return Json.MAPPER.convertValue(schema, Map.class);
    }
}
