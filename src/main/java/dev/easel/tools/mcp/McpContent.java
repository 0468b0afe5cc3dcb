package dev.easel.tools.mcp;

import java.util.Arrays;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** One part of a tool's result {@code content}: text, an image with its bytes, or any other kind kept as JSON. */
public sealed interface McpContent permits McpContent.Text, McpContent.Image, McpContent.Other {

    record Text(String text) implements McpContent {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** An image part: the decoded bytes of its base64 {@code data} and the {@code mimeType} the server claims. */
    record Image(String mimeType, byte[] data) implements McpContent {
        public Image {
            Objects.requireNonNull(mimeType, "mimeType");
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Image other && mimeType.equals(other.mimeType) && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return 31 * mimeType.hashCode() + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Image[mimeType=" + mimeType + ", " + data.length + " bytes]";
        }
    }

    /** Audio, resource links, embedded resources: the part as the server sent it ({@code type} included). */
    record Other(String type, JsonNode json) implements McpContent {
        public Other {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(json, "json");
        }
    }
}
