package dev.easel.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * An output item's {@code status}. Each item kind uses a subset, as OpenAI's types have it:
 * {@code message} in_progress/completed/incomplete; {@code image_generation_call}
 * in_progress/generating/completed/failed; {@code mcp_call} in_progress/calling/completed/
 * incomplete/failed.
 */
public enum ItemStatus {
    IN_PROGRESS,
    GENERATING,
    CALLING,
    SEARCHING,
    COMPLETED,
    INCOMPLETE,
    FAILED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
