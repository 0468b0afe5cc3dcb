package dev.easel.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Optional;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The Images API's {@code usage}, in Easel's units: a text token per CLIP token of the prompt, an
 * image token per 32x32 patch of each input and output image.
 *
 * @param outputTokensDetails present in response bodies, absent in stream events (as OpenAI's)
 * @param easelEngine the speed options that ran, when any did (an Easel extension)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({
    "input_tokens",
    "input_tokens_details",
    "output_tokens",
    "total_tokens",
    "output_tokens_details",
    "easel_engine"
})
public record ImageUsage(
        int inputTokens,
        InputTokensDetails inputTokensDetails,
        int outputTokens,
        int totalTokens,
        @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<OutputTokensDetails> outputTokensDetails,
        @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<EngineReport> easelEngine) {

    public ImageUsage(
            int inputTokens,
            InputTokensDetails inputTokensDetails,
            int outputTokens,
            int totalTokens,
            Optional<OutputTokensDetails> outputTokensDetails) {
        this(inputTokens, inputTokensDetails, outputTokens, totalTokens, outputTokensDetails, Optional.empty());
    }

    /**
     * @param cachedTokens an Easel extension, present only when an edit's source latents came from a
     *     cache (its image tokens)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"text_tokens", "image_tokens", "cached_tokens"})
    public record InputTokensDetails(
            int textTokens,
            int imageTokens,
            @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Integer> cachedTokens) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"image_tokens", "text_tokens"})
    public record OutputTokensDetails(int imageTokens, int textTokens) {}
}
