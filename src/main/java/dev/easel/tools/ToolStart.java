package dev.easel.tools;

import dev.easel.tools.planner.ChatMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a tool contributes before the turn's first planner round: messages for the planner (an
 * approved call and its result, or the client's refusal), and an image the next image_generation
 * call works on (a tool result that carried one).
 */
public record ToolStart(List<ChatMessage> messages, Optional<ConversationImage> image) {
    public static final ToolStart NONE = new ToolStart(List.of(), Optional.empty());

    public ToolStart {
        messages = List.copyOf(messages);
        Objects.requireNonNull(image, "image");
    }
}
