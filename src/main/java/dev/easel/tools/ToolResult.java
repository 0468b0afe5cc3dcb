package dev.easel.tools;

/**
 * What a tool call gave: the text the planner is told, and the tokens it cost in Easel's units.
 *
 * @param cachedInputTokens the part of {@code inputTokens} whose work came from a cache
 */
public record ToolResult(String forPlanner, int inputTokens, int cachedInputTokens, int outputTokens) {
    public ToolResult {
        if (inputTokens < 0 || cachedInputTokens < 0 || cachedInputTokens > inputTokens || outputTokens < 0) {
            throw new IllegalArgumentException("token counts must be >= 0 and cached <= input");
        }
    }
}
