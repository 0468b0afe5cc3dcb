package dev.easel.api;

import dev.easel.json.Wire;
import dev.easel.responses.CreateResponse;
import dev.easel.responses.InputItem;
import dev.easel.responses.InputItems;
import dev.easel.wire.ApiException;
import dev.easel.wire.ContentPart;
import dev.easel.wire.ImageTool;
import dev.easel.wire.McpToolSpec;
import dev.easel.wire.ToolChoice;
import dev.easel.wire.ToolSpec;
import dev.easel.wire.WebSearchSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates {@code POST /v1/responses} into a {@link CreateResponse}. Fields OpenAI accepts are
 * accepted and echoed (defaults filled in as OpenAI echoes them); fields this server cannot honour
 * (other tool types, {@code conversation}, stored {@code prompt}s) are a clear 400, as are unknown ones.
 */
final class ResponseRequestParser {
    /** Accepted and echoed as given (with these defaults when absent). */
    private static final List<String> ECHOED = List.of(
            "temperature",
            "top_p",
            "max_output_tokens",
            "max_tool_calls",
            "parallel_tool_calls",
            "truncation",
            "text",
            "reasoning",
            "service_tier",
            "prompt_cache_key",
            "safety_identifier",
            "top_logprobs",
            "user",
            "metadata");
    /** Accepted and not echoed. */
    private static final List<String> ACCEPTED = List.of(
            "include",
            "stream_options",
            "prompt_cache_retention",
            "prompt_cache_options",
            "context_management",
            "moderation");

    private ResponseRequestParser() {}

    static CreateResponse parse(JsonNode body) {
        Fields f = new Fields.JsonFields(body);
        String model = f.requiredString("model");
        checkTextLength(body);
        InputItems.Parsed input = InputItems.parse(body.get("input"));
        checkImageCount(input.items());
        f.accept("input", "tools", "tool_choice");
        Optional<String> instructions = f.string("instructions");
        boolean stream = f.bool("stream").orElse(false);
        boolean store = f.bool("store").orElse(true);
        boolean background = f.bool("background").orElse(false);
        if (background && !store) {
            throw ApiException.invalid("background", "Background responses must be stored: set 'store' to true.");
        }
        Optional<String> previous = f.string("previous_response_id");
        for (String unsupported : List.of("conversation", "prompt")) {
            if (body.hasNonNull(unsupported)) {
                throw ApiException.invalid(
                        unsupported,
                        "unsupported_parameter",
                        "'" + unsupported
                                + "' is not supported by this server yet; use 'previous_response_id' and 'input'.");
            }
            f.accept(unsupported);
        }
        Optional<Integer> maxToolCalls =
                f.integer("max_tool_calls", 0, Integer.MAX_VALUE).map(Long::intValue);
        f.accept(ACCEPTED.toArray(String[]::new));
        f.accept(ECHOED.toArray(String[]::new));
        ObjectNode echo = echo(body);
        List<ToolSpec> tools = tools(body.get("tools"));
        ToolChoice choice = toolChoice(body.get("tool_choice"));
        if (choice instanceof ToolChoice.ImageGeneration && tools.stream().noneMatch(t -> t instanceof ImageTool)) {
            throw ApiException.invalid(
                    "tool_choice", "tool_choice names image_generation, but 'tools' has no image_generation tool.");
        }
        if (choice instanceof ToolChoice.WebSearch && tools.stream().noneMatch(t -> t instanceof WebSearchSpec)) {
            throw ApiException.invalid(
                    "tool_choice", "tool_choice names web search, but 'tools' has no web_search tool.");
        }
        if (choice instanceof ToolChoice.Mcp(String label, Optional<String> name)
                && tools.stream()
                        .noneMatch(t ->
                                t instanceof McpToolSpec m && m.serverLabel().equals(label))) {
            throw ApiException.invalid(
                    "tool_choice.server_label",
                    "tool_choice names the MCP server '" + label + "', but 'tools' has no mcp tool with that label.");
        }
        f.rejectUnknown();
        if (input.items().isEmpty() && previous.isEmpty()) {
            throw ApiException.missing("input");
        }
        return new CreateResponse(
                model,
                input.items(),
                input.stored(),
                instructions,
                tools,
                choice,
                stream,
                store,
                background,
                previous,
                maxToolCalls,
                include(body.get("include")),
                echo);
    }

    /** {@code include}: an array of strings; values Easel has nothing for are accepted and change nothing. */
    private static java.util.Set<String> include(JsonNode include) {
        if (include == null || include.isNull()) {
            return java.util.Set.of();
        }
        if (!include.isArray() || !include.valueStream().allMatch(JsonNode::isString)) {
            throw ApiException.invalid("include", "'include' must be an array of strings.");
        }
        return include.valueStream().map(JsonNode::asString).collect(java.util.stream.Collectors.toSet());
    }

    private static ObjectNode echo(JsonNode body) {
        ObjectNode echo = Wire.object();
        echo.put("temperature", 1.0);
        echo.put("top_p", 1.0);
        echo.putNull("max_output_tokens");
        echo.putNull("max_tool_calls");
        echo.put("parallel_tool_calls", true);
        echo.put("truncation", "disabled");
        ObjectNode text = echo.putObject("text");
        text.putObject("format").put("type", "text");
        text.put("verbosity", "medium");
        echo.putNull("reasoning");
        echo.putNull("prompt_cache_key");
        echo.putNull("safety_identifier");
        echo.put("top_logprobs", 0);
        echo.putNull("user");
        echo.putObject("metadata");
        for (String name : ECHOED) {
            JsonNode v = body.get(name);
            if (v != null && !v.isNull()) {
                echo.set(name, v);
            }
        }
        JsonNode truncation = echo.get("truncation");
        if (!truncation.isString() || !List.of("auto", "disabled").contains(truncation.asString())) {
            throw ApiException.invalid("truncation", "'truncation' must be 'auto' or 'disabled'.");
        }
        JsonNode metadata = echo.get("metadata");
        if (!metadata.isObject() || metadata.size() > 16) {
            throw ApiException.invalid("metadata", "'metadata' must be an object of at most 16 string pairs.");
        }
        for (String key : metadata.propertyNames()) {
            JsonNode v = metadata.get(key);
            if (key.length() > 64 || !v.isString() || v.asString().length() > 512) {
                throw ApiException.invalid(
                        "metadata", "metadata keys are at most 64 characters and values strings of at most 512.");
            }
        }
        return echo;
    }

    private static List<ToolSpec> tools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw ApiException.invalid("tools", "'tools' must be an array.");
        }
        if (tools.size() > MAX_TOOLS) {
            throw ApiException.invalid(
                    "tools", "Too many tools: " + tools.size() + "; at most " + MAX_TOOLS + " in one request.");
        }
        List<ToolSpec> specs = new ArrayList<>();
        java.util.Set<String> labels = new java.util.HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String at = "tools[" + i + "]";
            if (!tool.isObject()) {
                throw ApiException.invalid(at, "Each tool must be an object with a 'type'.");
            }
            String type = tool.path("type").asString("");
            switch (type) {
                case "image_generation" -> {
                    if (specs.stream().anyMatch(t -> t instanceof ImageTool)) {
                        throw ApiException.invalid(at, "Only one image_generation tool may be given.");
                    }
                    specs.add(imageTool(tool, at));
                }
                case "mcp" -> {
                    McpToolSpec mcp = McpToolSpecParser.parse(tool, at);
                    if (!labels.add(mcp.serverLabel())) {
                        throw ApiException.invalid(
                                at + ".server_label",
                                "Duplicate server_label '" + mcp.serverLabel()
                                        + "': each mcp tool needs a label of its own.");
                    }
                    specs.add(mcp);
                }
                case "web_search", "web_search_2025_08_26", "web_search_preview", "web_search_preview_2025_03_11" -> {
                    if (specs.stream().anyMatch(t -> t instanceof WebSearchSpec)) {
                        throw ApiException.invalid(at, "Only one web_search tool may be given.");
                    }
                    specs.add(WebSearchSpecParser.parse(tool, at));
                }
                default ->
                    throw ApiException.invalid(
                            at + ".type",
                            "unsupported_value",
                            "Tool type '" + type + "' is not supported by this server yet; supported: "
                                    + "'image_generation', 'mcp', 'web_search', 'web_search_preview'.");
            }
        }
        return specs;
    }

    /** The tool's fields; an error names the field with its place in the request ({@code tools[0].quality}). */
    private static ImageTool imageTool(JsonNode tool, String at) {
        try {
            return imageToolFields(tool, at);
        } catch (ApiException e) {
            throw e.under(at);
        }
    }

    private static ImageTool imageToolFields(JsonNode tool, String at) {
        Fields f = new Fields.JsonFields(tool);
        f.accept("type");
        Optional<String> model = f.string("model");
        String action = f.choice("action", List.of("generate", "edit", "auto")).orElse("auto");
        // transparent is checked against the format and the server's matting model by ImageGenerationTool.of.
        String background =
                f.choice("background", List.of("transparent", "opaque", "auto")).orElse("auto");
        Optional<String> fidelity = f.choice("input_fidelity", List.of("high", "low"));
        Optional<ContentPart.ImageSource> mask = Optional.ofNullable(tool.get("input_image_mask"))
                .filter(m -> !m.isNull())
                .map(m -> mask(m, at + ".input_image_mask"));
        f.accept("input_image_mask");
        String moderation = f.choice("moderation", List.of("auto", "low")).orElse("auto");
        int compression = f.integer("output_compression", 0, 100).orElse(100L).intValue();
        // gif and svg: a still PNG, reported as png on the call (no animation or vector authoring here)
        String format = f.choice("output_format", List.of("png", "webp", "jpeg", "gif", "svg"))
                .orElse("png");
        f.choice("complexity", List.of("low", "medium", "high"));
        f.integer("frame_count", 2, 16);
        f.integer("frame_duration_ms", 0, Integer.MAX_VALUE);
        f.object("svg");
        int partial = f.integer("partial_images", 0, 3).orElse(0L).intValue();
        String quality = f.choice("quality", List.of("low", "medium", "high", "xhigh", "max", "auto"))
                .orElse("auto");
        String size = f.string("size").orElse("auto");
        if (!size.equals("auto") && !size.matches("\\d{1,5}x\\d{1,5}")) {
            throw ApiException.invalid(at + ".size", "Invalid size '" + size + "'; use 'auto' or 'WxH'.");
        }
        int n = f.integer("n", 1, 1).orElse(1L).intValue();
        Optional<Long> seed = f.integer("seed", 0, (1L << 53) - 1);
        try {
            f.rejectUnknown();
        } catch (ApiException e) {
            throw ApiException.unknownParameter(at + "." + e.param().orElse(""));
        }
        return new ImageTool(
                model,
                action,
                background,
                fidelity,
                mask,
                moderation,
                compression,
                format,
                partial,
                quality,
                size,
                n,
                seed);
    }

    /** {@code input_image_mask}: {@code image_url} (a data URL, or raw base64 — OpenAI's docs allow either reading) or {@code file_id}. */
    private static ContentPart.ImageSource mask(JsonNode mask, String at) {
        if (mask.has("image_url") && mask.get("image_url").isString()) {
            String url = mask.get("image_url").asString();
            if (!url.startsWith("data:") && !url.startsWith("http")) {
                try {
                    return new ContentPart.ImageSource.Inline(
                            java.util.Base64.getDecoder().decode(url.trim()));
                } catch (IllegalArgumentException e) {
                    throw ApiException.invalid(
                            at + ".image_url", "invalid_base64_image", "The mask is not valid base64.");
                }
            }
        }
        return InputItems.imageSource(mask, at);
    }

    private static ToolChoice toolChoice(JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return new ToolChoice.Auto();
        }
        if (choice.isString()) {
            return switch (choice.asString()) {
                case "auto" -> new ToolChoice.Auto();
                case "none" -> new ToolChoice.None();
                case "required" -> new ToolChoice.Required();
                default ->
                    throw ApiException.invalid(
                            "tool_choice",
                            "Invalid tool_choice '" + choice.asString()
                                    + "'; expected 'auto', 'none', 'required' or {\"type\": \"image_generation\"}.");
            };
        }
        String type = choice.path("type").asString("");
        if (type.equals("image_generation")) {
            return new ToolChoice.ImageGeneration();
        }
        if (WebSearchSpecParser.TYPES.contains(type)) {
            return new ToolChoice.WebSearch(type);
        }
        if (type.equals("mcp")) {
            JsonNode label = choice.get("server_label");
            if (label == null || !label.isString()) {
                throw ApiException.invalid(
                        "tool_choice.server_label", "An mcp tool_choice needs 'server_label': a string.");
            }
            JsonNode name = choice.get("name");
            if (name != null && !name.isNull() && !name.isString()) {
                throw ApiException.invalid("tool_choice.name", "'name' must be a string: the tool's name.");
            }
            return new ToolChoice.Mcp(
                    label.asString(),
                    Optional.ofNullable(name).filter(JsonNode::isString).map(JsonNode::asString));
        }
        throw ApiException.invalid(
                "tool_choice",
                "unsupported_value",
                "This server supports tool_choice 'auto', 'none', 'required', {\"type\": \"image_generation\"} and"
                        + " {\"type\": \"mcp\", \"server_label\": …}.");
    }

    /** Input images in one request, as OpenAI documents for the Responses API. */
    static final int MAX_INPUT_IMAGES = 500;

    /** Refuses a request whose input holds more than {@link #MAX_INPUT_IMAGES} images, each reference counted. */
    private static void checkImageCount(List<InputItem> items) {
        long images = 0;
        for (InputItem item : items) {
            images += switch (item) {
                case InputItem.Message m ->
                    m.content().stream()
                            .filter(p -> p instanceof ContentPart.Image)
                            .count();
                case InputItem.ImageCall call -> 1;
                default -> 0;
            };
        }
        if (images > MAX_INPUT_IMAGES) {
            throw ApiException.invalid(
                    "input", "Too many input images: " + images + "; at most " + MAX_INPUT_IMAGES + " in one request.");
        }
    }

    /** Tools in one request, as OpenAI's. */
    static final int MAX_TOOLS = 128;

    /** The most text one request may bring: its input's texts and its instructions together. */
    static final int MAX_INPUT_CHARS = 1 << 20;

    /**
     * Refuses a request whose texts (every {@code text} and string {@code content} of the input,
     * a string input, the instructions) pass {@link #MAX_INPUT_CHARS} together, before anything
     * is parsed into items or stored: a prompt is stored with the response, its items and events.
     */
    private static void checkTextLength(JsonNode body) {
        long chars = textChars(body.get("input"), true) + textChars(body.get("instructions"), true);
        if (chars > MAX_INPUT_CHARS) {
            throw ApiException.invalid(
                    "input",
                    "context_length_exceeded",
                    "The input's text is " + chars + " characters; at most " + MAX_INPUT_CHARS
                            + " are accepted in one request (input texts and instructions together).");
        }
    }

    private static long textChars(JsonNode node, boolean textHere) {
        if (node == null) {
            return 0;
        }
        if (node.isString()) {
            return textHere ? node.stringValue().length() : 0;
        }
        long sum = 0;
        if (node.isArray()) {
            for (JsonNode child : node) {
                sum += textChars(child, true);
            }
        } else if (node.isObject()) {
            for (var entry : node.properties()) {
                String key = entry.getKey();
                sum += textChars(entry.getValue(), key.equals("text") || key.equals("content"));
            }
        }
        return sum;
    }
}
