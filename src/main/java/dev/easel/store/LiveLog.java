package dev.easel.store;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory side of one response's event log: the lock that serializes its appends and the condition its
 * followers wait on. The fields are guarded by {@link #lock}. A live log is kept while its log is open or a
 * cursor is on it; {@code lastSeq} only grows and {@code finished} never goes back.
 */
final class LiveLog {
    final String responseId;
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    /** The sequence number of the last event appended, stored before it is set here; -1 for none. */
    long lastSeq;

    boolean finished;
    int cursors;

    LiveLog(String responseId, long lastSeq, boolean finished) {
        this.responseId = responseId;
        this.lastSeq = lastSeq;
        this.finished = finished;
    }

    boolean isFinished() {
        lock.lock();
        try {
            return finished;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until an event after {@code position} is appended or the log finishes.
     *
     * @param deadline in {@link System#nanoTime()} terms
     * @return false if the deadline passed first
     */
    boolean awaitChange(long position, long deadline) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!finished && lastSeq <= position) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
