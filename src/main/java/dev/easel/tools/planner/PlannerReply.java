package dev.easel.tools.planner;

import java.util.List;
import java.util.Objects;

/** One planner round's answer: text (empty when none), tool calls (empty when none), or both. */
public record PlannerReply(String text, List<ToolCall> toolCalls, PlannerUsage usage) {
    public PlannerReply {
        Objects.requireNonNull(text, "text");
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(usage, "usage");
    }
}
