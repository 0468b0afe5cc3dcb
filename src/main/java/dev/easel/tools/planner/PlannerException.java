package dev.easel.tools.planner;

import java.util.Objects;

/**
 * A planner round that failed. The message is one line safe to show API users: it names the
 * endpoint (scheme, host and port) and what went wrong, never the API key.
 */
public final class PlannerException extends Exception {

    /** What went wrong, so callers can react without parsing messages. */
    public enum Kind {
        /** No connection: refused, unknown host, connect timeout, TLS failure, dropped connection. */
        UNREACHABLE,
        /** Connected, but no complete answer within the configured timeout (or the wait was interrupted). */
        TIMEOUT,
        /** The endpoint answered with a non-2xx status. */
        HTTP_ERROR,
        /** A 2xx answer that is not a usable Chat Completions response. */
        BAD_RESPONSE
    }

    private final Kind kind;

    /** Public so that stand-in planners in other packages' tests can fail like real ones. */
    public PlannerException(Kind kind, String message) {
        this(kind, message, null);
    }

    PlannerException(Kind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
