package dev.easel.tools.planner;

import java.util.List;
import java.util.Objects;

/**
 * One message of the conversation handed to a {@link Planner}, in Chat Completions terms. Texts
 * are never null; an absent text is the empty string.
 */
public sealed interface ChatMessage {

    /** Instructions for the planner. */
    record System(String text) implements ChatMessage {
        public System {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A user turn.
     *
     * @param imageCount images the user attached; the planner is told "[N image(s) attached]"
     *     since it may be text-only and never receives the pixels
     */
    record User(String text, int imageCount) implements ChatMessage {
        public User {
            Objects.requireNonNull(text, "text");
            if (imageCount < 0) {
                throw new IllegalArgumentException("imageCount must be >= 0, got " + imageCount);
            }
        }
    }

    /** An earlier planner reply: text, tool calls, or both. */
    record Assistant(String text, List<ToolCall> toolCalls) implements ChatMessage {
        public Assistant {
            Objects.requireNonNull(text, "text");
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /** What a tool returned for the call {@code toolCallId} of an earlier {@link Assistant} message. */
    record ToolResult(String toolCallId, String content) implements ChatMessage {
        public ToolResult {
            if (toolCallId == null || toolCallId.isBlank()) {
                throw new IllegalArgumentException("toolCallId must not be blank");
            }
            Objects.requireNonNull(content, "content");
        }
    }
}
