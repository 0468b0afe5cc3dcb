package dev.easel.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A Response's {@code status}. */
public enum ResponseStatus {
    QUEUED,
    IN_PROGRESS,
    COMPLETED,
    FAILED,
    CANCELLED,
    INCOMPLETE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the response has ended (nothing about it changes any more). */
    public boolean terminal() {
        return switch (this) {
            case QUEUED, IN_PROGRESS -> false;
            case COMPLETED, FAILED, CANCELLED, INCOMPLETE -> true;
        };
    }

    public static ResponseStatus fromWire(String status) {
        return valueOf(status.toUpperCase(Locale.ROOT));
    }
}
