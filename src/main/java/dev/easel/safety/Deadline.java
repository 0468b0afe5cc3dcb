package dev.easel.safety;

import java.net.SocketTimeoutException;
import java.time.Duration;

/** The moment a whole fetch (every hop, connect, TLS and reads) must be over, on the monotonic clock. */
record Deadline(long endNanos) {
    static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    /**
     * Milliseconds left, at least 1 (0 means "forever" to sockets).
     *
     * @throws SocketTimeoutException when no time is left, so timeouts surface like socket ones
     */
    int remainingMillis() throws SocketTimeoutException {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.clamp(Math.ceilDiv(left, 1_000_000L), 1, Integer.MAX_VALUE);
    }
}
