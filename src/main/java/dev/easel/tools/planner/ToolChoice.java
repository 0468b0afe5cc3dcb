package dev.easel.tools.planner;

/** Whether, and which, tools the planner must call in a round (Chat Completions' {@code tool_choice}). */
public sealed interface ToolChoice {

    /** The planner decides. */
    record Auto() implements ToolChoice {}

    /** No tool calls; text only. */
    record None() implements ToolChoice {}

    /** At least one tool call. */
    record Required() implements ToolChoice {}

    /** A call of this one function. */
    record Named(String function) implements ToolChoice {
        public Named {
            if (function == null || function.isBlank()) {
                throw new IllegalArgumentException("function name must not be blank");
            }
        }
    }
}
