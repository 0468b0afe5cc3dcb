package dev.easel.tools;

import java.util.Objects;
import java.util.Optional;

/**
 * What a tool call gave: the text the planner is told, and the tokens it cost in Easel's units.
 *
 * @param cachedInputTokens the part of {@code inputTokens} whose work came from a cache
 * @param image an image the call returned, which the turn's next image_generation call edits (a
 *     product photo from a shop's MCP server becomes the poster's base)
 * @param awaitsClient the call waits for the client (an MCP approval request): the turn ends after
 *     this round's calls, without asking the planner again and without a message
 */
public record ToolResult(
        String forPlanner,
        int inputTokens,
        int cachedInputTokens,
        int outputTokens,
        Optional<ConversationImage> image,
        boolean awaitsClient) {
    public ToolResult {
        Objects.requireNonNull(forPlanner, "forPlanner");
        Objects.requireNonNull(image, "image");
        if (inputTokens < 0 || cachedInputTokens < 0 || cachedInputTokens > inputTokens || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0 and cached <= input");
        }
    }

    public ToolResult(String forPlanner, int inputTokens, int cachedInputTokens, int outputTokens) {
        this(forPlanner, inputTokens, cachedInputTokens, outputTokens, Optional.empty(), false);
    }

    /** A result that cost no tokens (an MCP call: the server's work is not Easel's). */
    public static ToolResult text(String forPlanner) {
        return new ToolResult(forPlanner, 0, 0, 0);
    }
}
