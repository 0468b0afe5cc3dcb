package dev.easel.media;

import java.util.Objects;

/**
 * An upload that cannot be turned into pixels. The message is written for API users: it never
 * carries a decoder's internal message, a stack trace or a path; the cause, if any, is for logs.
 */
public final class ImageDecodeException extends Exception {
    /** Why decoding failed; the API maps these to HTTP statuses. */
    public enum Kind {
        UNSUPPORTED_FORMAT,
        CORRUPT,
        TOO_LARGE,
        EMPTY,
        MASK_WITHOUT_ALPHA
    }

    private final Kind kind;

    ImageDecodeException(Kind kind, String message) {
        this(kind, message, null);
    }

    ImageDecodeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
