package dev.easel.responses;

import dev.easel.json.Wire;
import dev.easel.wire.ApiException;
import dev.easel.wire.ContentPart;
import dev.easel.wire.OutputItem;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses {@code input} (a string, or an array of items: easy and typed messages with input_text /
 * input_image parts, image_generation_call items or references, item references, other round-tripped
 * items) into what the turn uses, and into the stored wire form with server-assigned ids. Tolerant
 * where OpenAI is (optional {@code type} on messages and references, optional {@code detail}).
 */
public final class InputItems {
    private InputItems() {}

    /** Parsed input: the items, and their stored form (same order), each with an {@code id}. */
    public record Parsed(List<InputItem> items, ArrayNode stored) {}

    public static Parsed parse(JsonNode input) {
        List<InputItem> items = new ArrayList<>();
        ArrayNode stored = Wire.array();
        if (input == null || input.isNull()) {
            return new Parsed(items, stored);
        }
        if (input.isString()) {
            ObjectNode message = message("user", input.asString());
            items.add(new InputItem.Message("user", List.of(new ContentPart.Text(input.asString()))));
            stored.add(message);
            return new Parsed(items, stored);
        }
        if (!input.isArray()) {
            throw invalid("input", "'input' must be a string or an array of input items.");
        }
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String param = "input[" + i + "]";
            if (!item.isObject()) {
                throw invalid(param, "Each input item must be an object.");
            }
            ObjectNode copy = ((ObjectNode) item).deepCopy();
            items.add(item(copy, param));
            stored.add(copy);
        }
        return new Parsed(items, stored);
    }

    /** Parses a stored item (written by {@link #parse}) back into what a later turn uses. */
    static InputItem fromStored(JsonNode stored) {
        return item(stored, "input");
    }

    private static InputItem item(JsonNode item, String param) {
        String type = item.path("type").asString(item.has("role") ? "message" : "");
        return switch (type) {
            case "message" -> message(item, param);
            case "image_generation_call" -> {
                String id = text(item, "id", param);
                yield new InputItem.ImageCall(
                        id,
                        Optional.ofNullable(item.get("result"))
                                .filter(JsonNode::isString)
                                .map(JsonNode::asString));
            }
            case "item_reference", "" -> {
                if (!item.has("id")) {
                    throw invalid(param + ".type", "Unknown input item; expected a message or a typed item.");
                }
                yield new InputItem.ItemReference(text(item, "id", param));
            }
            case "mcp_list_tools" -> mcpItem(item, param, OutputItem.McpListTools.class, "server_label");
            case "mcp_call" -> mcpItem(item, param, OutputItem.McpCall.class, "server_label", "name", "arguments");
            case "mcp_approval_request" ->
                mcpItem(item, param, OutputItem.McpApprovalRequest.class, "id", "server_label", "name", "arguments");
            case "mcp_approval_response" -> {
                JsonNode approve = item.get("approve");
                if (approve == null || !approve.isBoolean()) {
                    throw invalid(param + ".approve", "Missing or invalid 'approve': expected true or false.");
                }
                Optional<String> reason = Optional.ofNullable(item.get("reason"))
                        .filter(JsonNode::isString)
                        .map(JsonNode::asString);
                yield new InputItem.McpApprovalResponse(
                        text(item, "approval_request_id", param), approve.asBoolean(), reason);
            }
            default -> new InputItem.Other(type);
        };
    }

    /**
     * An MCP output item passed back as input: its required string fields checked, then read as the
     * output record (a missing {@code id} is allowed; tools of a listing need a name and a schema).
     */
    private static InputItem mcpItem(
            JsonNode item, String param, Class<? extends OutputItem> kind, String... required) {
        for (String field : required) {
            text(item, field, param);
        }
        if (kind == OutputItem.McpListTools.class) {
            JsonNode tools = item.get("tools");
            if (tools == null || !tools.isArray()) {
                throw invalid(param + ".tools", "Missing or invalid 'tools': expected an array of tools.");
            }
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                String at = param + ".tools[" + i + "]";
                if (!tool.isObject()) {
                    throw invalid(at, "Each listed tool must be an object.");
                }
                text(tool, "name", at);
                if (!tool.path("input_schema").isObject()) {
                    throw invalid(at + ".input_schema", "Missing or invalid 'input_schema': expected a JSON object.");
                }
            }
        }
        try {
            ObjectNode copy = ((ObjectNode) item).deepCopy();
            if (!copy.hasNonNull("id")) {
                copy.put("id", "");
            }
            if (kind == OutputItem.McpCall.class) {
                if (!copy.hasNonNull("status")) {
                    copy.put("status", "completed");
                }
                if (copy.has("error") && !copy.get("error").isObject()) {
                    copy.remove("error"); // older SDKs typed it as a string: nothing Easel acts on
                }
            }
            return new InputItem.Mcp(Wire.MAPPER.treeToValue(copy, kind));
        } catch (tools.jackson.core.JacksonException e) {
            throw invalid(
                    param,
                    "This " + item.path("type").asString()
                            + " item is not valid: check the types of its fields against the API reference.");
        }
    }

    private static InputItem.Message message(JsonNode item, String param) {
        String role = item.path("role").asString("user");
        if (!List.of("user", "assistant", "system", "developer").contains(role)) {
            throw invalid(
                    param + ".role", "Invalid role '" + role + "'; expected user, assistant, system or developer.");
        }
        JsonNode content = item.get("content");
        List<ContentPart> parts = new ArrayList<>();
        if (content != null && content.isString()) {
            parts.add(new ContentPart.Text(content.asString()));
        } else if (content != null && content.isArray()) {
            for (int j = 0; j < content.size(); j++) {
                parts.add(part(content.get(j), param + ".content[" + j + "]"));
            }
        } else {
            throw invalid(param + ".content", "A message needs 'content': a string or an array of parts.");
        }
        return new InputItem.Message(role, parts);
    }

    private static ContentPart part(JsonNode part, String param) {
        String type = part.path("type").asString("");
        return switch (type) {
            case "input_text", "output_text", "text" -> new ContentPart.Text(text(part, "text", param));
            case "input_image" -> new ContentPart.Image(imageSource(part, param));
            case "refusal" -> new ContentPart.Text("");
            default ->
                throw invalid(
                        param + ".type",
                        "Unsupported content part type '" + type + "'; expected input_text or input_image.");
        };
    }

    /** An input_image's source: a data URL (decoded now), an http(s) URL, or a file id. */
    public static ContentPart.ImageSource imageSource(JsonNode part, String param) {
        if (part.hasNonNull("file_id")) {
            return new ContentPart.ImageSource.File(text(part, "file_id", param));
        }
        String url = text(part, "image_url", param);
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            if (comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
                throw ApiException.invalid(
                        param + ".image_url", "invalid_base64_image", "The data URL must be base64-encoded.");
            }
            try {
                return new ContentPart.ImageSource.Inline(
                        Base64.getDecoder().decode(url.substring(comma + 1).trim()));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid(
                        param + ".image_url", "invalid_base64_image", "The data URL is not valid base64.");
            }
        }
        if (url.startsWith("https://") || url.startsWith("http://")) {
            return new ContentPart.ImageSource.Url(url);
        }
        throw ApiException.invalid(
                param + ".image_url", "invalid_image_url", "'image_url' must be an http(s) URL or a data URL.");
    }

    private static String text(JsonNode node, String field, String param) {
        JsonNode v = node.get(field);
        if (v == null || !v.isString()) {
            throw invalid(param + "." + field, "Missing or invalid '" + field + "': expected a string.");
        }
        return v.asString();
    }

    private static ObjectNode message(String role, String text) {
        ObjectNode m = Wire.object();
        m.put("type", "message");
        m.put("role", role);
        ObjectNode part = Wire.object();
        part.put("type", "input_text");
        part.put("text", text);
        m.putArray("content").add(part);
        return m;
    }

    private static ApiException invalid(String param, String message) {
        return ApiException.invalid(param, "invalid_value", message);
    }
}
