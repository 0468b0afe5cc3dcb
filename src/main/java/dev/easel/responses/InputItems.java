package dev.easel.responses;

import dev.easel.json.Wire;
import dev.easel.wire.ApiException;
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
            stored.add(withId(copy));
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
            default -> new InputItem.Other(type);
        };
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
        m.put("id", Ids.message());
        m.put("type", "message");
        m.put("role", role);
        ObjectNode part = Wire.object();
        part.put("type", "input_text");
        part.put("text", text);
        m.putArray("content").add(part);
        return m;
    }

    private static ObjectNode withId(ObjectNode item) {
        if (!item.has("id")) {
            ObjectNode out = Wire.object();
            out.put("id", Ids.message());
            out.setAll(item);
            if (!out.has("type") && out.has("role")) {
                out.put("type", "message");
            }
            return out;
        }
        return item;
    }

    private static ApiException invalid(String param, String message) {
        return ApiException.invalid(param, "invalid_value", message);
    }
}
