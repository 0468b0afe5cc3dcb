package dev.easel.tools;

import dev.easel.engine.CancelToken;
import dev.easel.media.Mask;
import dev.easel.tools.planner.ChatMessage;
import dev.easel.wire.Ids;
import java.util.List;
import java.util.Optional;

/**
 * What the tools of one turn work with.
 *
 * @param messages the conversation the planner sees, instructions first
 * @param image the image an edit works on, if the conversation holds one
 * @param mask the request's {@code input_image_mask}, already decoded
 * @param references the request's own input images after the first: they steer an edit
 */
public record TurnContext(
        List<ChatMessage> messages,
        Optional<ConversationImage> image,
        Optional<Mask> mask,
        List<ReferenceImage> references,
        CancelToken cancel,
        TurnSink sink,
        Ids ids) {
    public TurnContext {
        messages = List.copyOf(messages);
        references = List.copyOf(references);
    }
}
