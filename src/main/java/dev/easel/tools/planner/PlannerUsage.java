package dev.easel.tools.planner;

/** Tokens one planner round consumed, as the endpoint reported them (0 where it did not). */
public record PlannerUsage(int inputTokens, int outputTokens) {
    public static final PlannerUsage NONE = new PlannerUsage(0, 0);

    public PlannerUsage {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException(
                    "token counts must be >= 0, got " + inputTokens + " and " + outputTokens);
        }
    }
}
