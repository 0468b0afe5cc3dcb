package dev.easel.tools.planner;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes tool call ids for calls that arrive without one. Ids only have to be unique within their
 * conversation, so the smallest free number is taken: deterministic, and safe across restarts
 * where a counter would start again at 1 and collide with ids stored in an earlier turn.
 */
final class CallIds {
    private final String prefix;
    private final Set<String> used;

    /** Ids {@code prefix + n} avoiding every id already in {@code messages}. */
    CallIds(String prefix, List<ChatMessage> messages) {
        this.prefix = prefix;
        this.used = new HashSet<>();
        for (ChatMessage message : messages) {
            switch (message) {
                case ChatMessage.Assistant assistant -> assistant.toolCalls().forEach(c -> used.add(c.id()));
                case ChatMessage.ToolResult result -> used.add(result.toolCallId());
                case ChatMessage.System _, ChatMessage.User _ -> {}
            }
        }
    }

    /** Marks an id the planner chose itself, so no generated id repeats it. */
    void reserve(String id) {
        used.add(id);
    }

    String next() {
        for (int n = 1; ; n++) {
            String id = prefix + n;
            if (used.add(id)) {
                return id;
            }
        }
    }
}
