package dev.easel.store;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A follower that reads the events from the database in batches and waits on the live log when it has caught
 * up, so that an append wakes it without polling. Used by one thread at a time.
 */
final class LogCursor implements EventCursor {
    private static final int BATCH = 64;
    /** Longer waits are cut to this, which keeps deadline arithmetic from overflowing. */
    private static final long MAX_WAIT_NANOS = Long.MAX_VALUE / 4;

    private final SqlEventLog events;
    private final LiveLog log;
    private final Deque<StoredEvent> buffer = new ArrayDeque<>();
    /** The sequence number of the last event returned or buffered. */
    private long position;

    private boolean closed;

    LogCursor(SqlEventLog events, LiveLog log, long startingAfter) {
        this.events = events;
        this.log = log;
        this.position = Math.max(-1, startingAfter);
    }

    @Override
    public Optional<StoredEvent> next(Duration timeout) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("cursor is closed");
        }
        long wait = timeout.isNegative()
                ? 0
                : timeout.compareTo(Duration.ofNanos(MAX_WAIT_NANOS)) > 0 ? MAX_WAIT_NANOS : timeout.toNanos();
        long deadline = System.nanoTime() + wait;
        long poll = events.pollNanos();
        while (buffer.isEmpty()) {
            // Read before querying: every event appended before the log finished is then in the query's result.
            boolean finished = events.isFinished(log);
            fill();
            if (!buffer.isEmpty()) {
                break;
            }
            if (finished) {
                return Optional.empty();
            }
            long nextLook = System.nanoTime() + poll;
            long until = poll == 0 || deadline - nextLook < 0 ? deadline : nextLook;
            if (!log.awaitChange(position, until) && System.nanoTime() - deadline >= 0) {
                return Optional.empty();
            }
        }
        return Optional.of(buffer.removeFirst());
    }

    @Override
    public boolean isFinished() {
        if (closed) {
            return true;
        }
        if (!buffer.isEmpty() || !events.isFinished(log)) {
            return false;
        }
        fill();
        return buffer.isEmpty();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            buffer.clear();
            events.release(log);
        }
    }

    private void fill() {
        buffer.addAll(events.batch(log.responseId, position, BATCH));
        if (!buffer.isEmpty()) {
            position = buffer.getLast().sequenceNumber();
        }
    }
}
