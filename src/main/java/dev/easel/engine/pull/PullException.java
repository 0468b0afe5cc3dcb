package dev.easel.engine.pull;

import java.util.Objects;

/**
 * A pull that cannot complete. The message is one line meant for the user as-is; it never contains
 * the access token. {@link #reason()} lets callers react without parsing messages.
 */
public final class PullException extends Exception {

    /** Why the pull failed. */
    public enum Reason {
        /** The hub could not be contacted at all (offline, DNS, refused, connect timeout). */
        UNREACHABLE,
        /** The hub wants a (different) token: private or gated repository, rejected token. */
        ACCESS_DENIED,
        /** Unknown repository, revision or file. */
        NOT_FOUND,
        /** The repository exists but holds no ONNX export of what was asked (a pipeline, a TAESD decoder). */
        NOT_ONNX,
        /** The local model folder a decoder is added to is missing or holds no model. */
        NOT_A_MODEL,
        /** A downloaded file does not match the size or hash the hub listed. */
        INTEGRITY,
        /** Network or server failures that persisted through the retries. */
        TRANSFER,
        /** The hub answered something this client does not understand. */
        PROTOCOL,
        /** Writing the model folder failed (permissions, disk full). */
        LOCAL_IO
    }

    private final Reason reason;

    PullException(Reason reason, String message) {
        this(reason, message, null);
    }

    PullException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
