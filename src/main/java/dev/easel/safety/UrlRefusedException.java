package dev.easel.safety;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A URL that Easel will not fetch, or a fetch that did not yield a body. The message names the URL
 * the user gave (or a redirect target) and the rule it broke; it never carries a stack trace, and
 * it names the class of a refused address (loopback, private …) rather than the address a name
 * resolved to, so refusals do not map the operator's network for the caller.
 */
public final class UrlRefusedException extends Exception {
    public enum Reason {
        BAD_URL,
        SCHEME,
        PRIVATE_ADDRESS,
        UNRESOLVABLE,
        TOO_MANY_REDIRECTS,
        TOO_LARGE,
        FETCH_FAILED,
        TIMEOUT
    }

    private final Reason reason;
    /** The HTTP status that made the fetch fail; 0 when the failure was not an HTTP answer. */
    private final int status;

    public UrlRefusedException(Reason reason, String message) {
        this(reason, message, 0, null);
    }

    UrlRefusedException(Reason reason, String message, Throwable cause) {
        this(reason, message, 0, cause);
    }

    private UrlRefusedException(Reason reason, String message, int status, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.status = status;
    }

    /** A non-2xx answer that was not a redirect to follow. */
    static UrlRefusedException httpStatus(String url, int status) {
        return new UrlRefusedException(
                Reason.FETCH_FAILED, "fetching " + url + " failed: the server answered HTTP " + status, status, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The server's HTTP status, present only for {@link Reason#FETCH_FAILED} caused by a non-2xx answer. */
    public OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
