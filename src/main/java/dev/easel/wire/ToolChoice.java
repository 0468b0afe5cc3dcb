package dev.easel.wire;

/** {@code tool_choice}: auto, none, required, or {@code {"type":"image_generation"}}. */
public sealed interface ToolChoice {
    record Auto() implements ToolChoice {}

    record None() implements ToolChoice {}

    record Required() implements ToolChoice {}

    record ImageGeneration() implements ToolChoice {}
}
