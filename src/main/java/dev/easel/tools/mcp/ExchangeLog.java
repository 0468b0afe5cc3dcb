package dev.easel.tools.mcp;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the HTTP layer saw during the current operation, so that a failure the SDK reports as a
 * string ("Status code: 404 …") becomes a typed error: the first non-2xx status, or a request the
 * session refused to send. One per session; {@link #reset()} before each operation (operations of
 * a session never overlap).
 */
final class ExchangeLog {
    /** A non-2xx answer to a request. */
    record Failure(String method, int status) {}

    private final AtomicReference<Failure> firstFailure = new AtomicReference<>();
    private final AtomicReference<String> refusal = new AtomicReference<>();

    void reset() {
        firstFailure.set(null);
        refusal.set(null);
    }

    /**
     * Called with every answer's status before its body is read. A GET answered 405 is not a
     * failure: it is how a Streamable HTTP server says it offers no server-to-client stream.
     */
    void answered(String method, int status) {
        boolean ok = status >= 200 && status < 300 || method.equals("GET") && status == 405;
        if (!ok) {
            firstFailure.compareAndSet(null, new Failure(method, status));
        }
    }

    void refused(String why) {
        refusal.compareAndSet(null, why);
    }

    Optional<Failure> failure() {
        return Optional.ofNullable(firstFailure.get());
    }

    Optional<String> refusal() {
        return Optional.ofNullable(refusal.get());
    }
}
