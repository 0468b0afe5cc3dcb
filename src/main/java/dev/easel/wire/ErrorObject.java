package dev.easel.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI's error object as HTTP error bodies ({@code {"error": …}}) and stream {@code error}
 * events carry it. {@code param} and {@code code} are null, not omitted, when absent; a
 * moderation block adds {@code moderation_details} (omitted otherwise).
 */
public record ErrorObject(
        String message,
        String type,
        Optional<String> param,
        Optional<String> code,

        @JsonProperty("moderation_details") @JsonInclude(JsonInclude.Include.NON_ABSENT)
        Optional<ModerationDetails> moderationDetails) {

    public ErrorObject(String message, String type, Optional<String> param, Optional<String> code) {
        this(message, type, param, code, Optional.empty());
    }

    /** Which check blocked the request ({@code input}: the prompt; {@code output}: the image) and for what. */
    public record ModerationDetails(
            @JsonProperty("moderation_stage") String moderationStage, List<String> categories) {
        public ModerationDetails {
            categories = List.copyOf(categories);
        }
    }
}
