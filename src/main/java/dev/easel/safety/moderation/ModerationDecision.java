package dev.easel.safety.moderation;

import java.util.List;

/**
 * What moderation decided about a prompt or an image: blocked or allowed, at which stage, and the
 * categories that matched (empty when allowed).
 */
public record ModerationDecision(Stage stage, List<String> categories) {
    public ModerationDecision {
        categories = List.copyOf(categories);
    }

    /** The prompt ({@code input}) or the made image ({@code output}), as OpenAI's {@code moderation_stage}. */
    public enum Stage {
        INPUT,
        OUTPUT;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean blocked() {
        return !categories.isEmpty();
    }

    public static ModerationDecision allowed(Stage stage) {
        return new ModerationDecision(stage, List.of());
    }
}
