package dev.easel.safety.moderation;

import java.util.Locale;

/**
 * How strictly an image request is filtered, as OpenAI's {@code moderation} field: {@code auto}
 * (the default) applies every category of the policy; {@code low} lets through the categories the
 * policy marks as borderline.
 */
public enum ModerationLevel {
    AUTO,
    LOW;

    /** {@code auto} or {@code low}, as the APIs spell them. */
    public static ModerationLevel parse(String wire) {
        return switch (wire.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "low" -> LOW;
            default -> throw new IllegalArgumentException("moderation is 'auto' or 'low', got '" + wire + "'");
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
