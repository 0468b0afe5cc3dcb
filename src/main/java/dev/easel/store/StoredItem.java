package dev.easel.store;

import java.util.Objects;

/**
 * An input or output item of a response, as JSON. Ids are unique across all responses.
 *
 * @param position the item's place in its response's input or output, from 0
 * @param type the item's OpenAI {@code type} ({@code message}, {@code image_generation_call}, ...)
 */
public record StoredItem(String id, String responseId, ItemRole role, int position, String type, String json) {
    public StoredItem {
        Require.text(id, "id");
        Require.text(responseId, "responseId");
        Objects.requireNonNull(role, "role");
        Require.nonNegative(position, "position");
        Require.text(type, "type");
        Objects.requireNonNull(json, "json");
    }
}
