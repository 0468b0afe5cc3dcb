package dev.easel.wire;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A Response's {@code usage}, with every field the SDK types require, in Easel's units (CLIP
 * tokens of text; one image token per 32x32 patch of each input and output image).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Usage(
        int inputTokens,
        InputTokensDetails inputTokensDetails,
        int outputTokens,
        OutputTokensDetails outputTokensDetails,
        int totalTokens) {

    /** {@code cached_tokens}: input whose work was reused from a cache; Easel never bills cache writes. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record InputTokensDetails(int cachedTokens, int cacheWriteTokens) {}

    /** Easel's planners report no reasoning tokens. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record OutputTokensDetails(int reasoningTokens) {}

    public static Usage of(int inputTokens, int cachedTokens, int outputTokens) {
        return new Usage(
                inputTokens,
                new InputTokensDetails(cachedTokens, 0),
                outputTokens,
                new OutputTokensDetails(0),
                inputTokens + outputTokens);
    }
}
