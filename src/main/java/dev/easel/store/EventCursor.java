package dev.easel.store;

import java.time.Duration;
import java.util.Optional;

/**
 * A follower of one response's event log: a blocking iterator over its events in sequence order, each exactly
 * once. Not thread-safe: one thread at a time uses a cursor. Close it when done, or its response's in-memory
 * notifier stays.
 */
public interface EventCursor extends AutoCloseable {
    /**
     * The next event, waiting up to {@code timeout} for it to be appended; empty on timeout, and empty at once
     * when the log is finished and every event has been returned.
     *
     * @throws IllegalStateException if the cursor is closed
     */
    Optional<StoredEvent> next(Duration timeout) throws InterruptedException;

    /**
     * Whether the log is finished and every event has been returned, so {@link #next} returns empty at once; true
     * once the cursor is closed.
     */
    boolean isFinished();

    /** Idempotent. */
    @Override
    void close();
}
