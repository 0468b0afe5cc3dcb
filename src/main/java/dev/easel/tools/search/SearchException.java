package dev.easel.tools.search;

import java.util.Objects;

/**
 * A search that failed, with why in words a client may read: never the provider's key, and not
 * the operator's provider address.
 */
public final class SearchException extends Exception {
    /** How it failed. */
    public enum Kind {
        UNREACHABLE,
        TIMEOUT,
        HTTP_ERROR,
        BAD_RESPONSE,
        NOT_CONFIGURED
    }

    private final Kind kind;

    public SearchException(Kind kind, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
