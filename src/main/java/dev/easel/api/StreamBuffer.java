package dev.easel.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded buffer between whoever produces a stream's events (an engine worker, a follower of
 * the event log) and the one thread that writes them to the client (the request's own). Producers
 * never block and never touch the socket: {@link #offer} either queues the event or, when the
 * events held (those waiting and the one being written) would pass {@code capacity} bytes,
 * stops the stream ({@link Outcome#OVERFLOW}) and drops the connection, which also fails a write
 * blocked on the client. A client that hangs up ({@link Outcome#CLIENT_GONE}: heard on the
 * connection, or a write failed) stops the stream the same way. Once stopped, offers are dropped
 * and {@link #stopped()} answers true: that is what the engine's cancel token polls, so the job
 * ends at its next denoising step.
 *
 * <p>Probes (SSE comments) are queued and counted like events. Thread-safe.
 */
final class StreamBuffer implements AutoCloseable {
    /** How a stream's writing ended. */
    enum Outcome {
        /** Every frame was written and the producer said {@link #end()}. */
        COMPLETE,
        /** The client stopped reading and the buffer filled up. */
        OVERFLOW,
        /** The client hung up (its connection closed, or a write failed). */
        CLIENT_GONE
    }

    /** A frame waiting to be written. */
    private sealed interface Frame {
        /** The bytes it holds in the buffer. */
        long size();

        /** An event already rendered as JSON. */
        record Event(String type, byte[] json) implements Frame {
            @Override
            public long size() {
                return json.length;
            }
        }

        /** An SSE comment, ignored by clients. */
        record Probe(String text) implements Frame {
            @Override
            public long size() {
                return text.length();
            }
        }
    }

    private final long capacity;
    /** When the writer last sent bytes to the client (System.nanoTime), for {@link #offerWaiting}. */
    private long lastProgress;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private long buffered;
    private boolean ended;
    private boolean completed;
    private volatile Outcome stopped;

    /** The writer, once {@link #drain} runs: an overflow hangs up its connection. */
    private volatile SseWriter writer;

    /**
     * @param capacity the bytes of event JSON (UTF-8) that may wait for the client, the event being
     *     written included; one event always fits, however large, when no other is held
     */
    StreamBuffer(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Queues an event; false when the stream has stopped (now, because the buffer is full, or before). */
    boolean offer(String type, String json) {
        return offer(type, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Queues an event rendered as UTF-8 JSON (the array is the buffer's from now on: an image's
     * event is written to the client as it was rendered, with no copy); false when the stream has
     * stopped.
     */
    boolean offer(String type, byte[] json) {
        return add(new Frame.Event(type, json));
    }

    /**
     * Queues an event, waiting for room while the client takes bytes: for a producer that may
     * wait (a follower of the event log, never an engine worker). The stream stops
     * ({@link Outcome#OVERFLOW}) only when the buffer has been too full for the event and the
     * client has taken nothing for {@code stallNanos}; false then, or when the stream had stopped.
     *
     * @throws InterruptedException when the waiting producer is interrupted
     */
    boolean offerWaiting(String type, String json, long stallNanos) throws InterruptedException {
        return enqueue(new Frame.Event(type, json.getBytes(StandardCharsets.UTF_8)), stallNanos);
    }

    /**
     * Queues the frame when it fits (one always does in an empty buffer); else waits while the
     * client takes bytes, up to {@code stallNanos} without progress, then stops the stream.
     */
    private boolean enqueue(Frame frame, long stallNanos) throws InterruptedException {
        lock.lock();
        try {
            long waitingSince = System.nanoTime();
            while (stopped == null && !ended && buffered != 0 && buffered + frame.size() > capacity) {
                long quietSince = Math.max(waitingSince, lastProgress);
                long left = stallNanos - (System.nanoTime() - quietSince);
                if (left <= 0) {
                    break; // full, and the client took nothing for the whole stall time
                }
                changed.awaitNanos(left);
            }
            if (stopped != null || ended) {
                return false;
            }
            if (buffered == 0 || buffered + frame.size() <= capacity) {
                frames.addLast(frame);
                buffered += frame.size();
                changed.signalAll();
                return true;
            }
            stop(Outcome.OVERFLOW);
        } finally {
            lock.unlock();
        }
        hangUp();
        return false;
    }

    /** Stops the stream: what waits is dropped, and every waiter wakes. Called under the lock. */
    private void stop(Outcome outcome) {
        stopped = outcome;
        frames.clear();
        buffered = 0;
        changed.signalAll();
    }

    /** Queues an SSE comment (a cheap check that the client is still there); it counts like an event. */
    void probe(String text) {
        add(new Frame.Probe(text));
    }

    private boolean add(Frame frame) {
        try {
            return enqueue(frame, 0); // a stall time of 0 never waits
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** No more frames: the writer writes what waits and returns {@link Outcome#COMPLETE}. */
    void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the stream stopped early (overflow or client gone): the work behind it may stop too. */
    boolean stopped() {
        return stopped != null;
    }

    /**
     * Writes the frames in order on the calling thread until the producer ends the stream or it
     * stops. The only method that writes to the client.
     */
    Outcome drain(SseWriter sse) throws InterruptedException {
        writer = sse;
        sse.onHangUp(this::clientGone);
        if (stopped == Outcome.OVERFLOW) {
            hangUp(); // it overflowed before the stream opened
        }
        while (true) {
            Frame frame;
            lock.lock();
            try {
                while (stopped == null && frames.isEmpty() && !ended) {
                    changed.await();
                }
                if (stopped != null) {
                    return stopped;
                }
                if (frames.isEmpty()) {
                    completed = true;
                    return Outcome.COMPLETE;
                }
                frame = frames.removeFirst();
            } finally {
                lock.unlock();
            }
            // An event counts until it is written: a write blocked on the client holds what it has
            // not sent yet, so a client that reads slowly but steadily frees room as it goes.
            boolean written = switch (frame) {
                case Frame.Event e -> {
                    long[] credited = {0};
                    boolean ok = sse.raw(e.type(), e.json(), bytes -> {
                        long upTo = Math.min(bytes, e.json().length);
                        release(upTo - credited[0]);
                        credited[0] = upTo;
                    });
                    if (ok) {
                        release(e.json().length - credited[0]);
                    }
                    yield ok;
                }
                case Frame.Probe p -> {
                    boolean ok = sse.comment(p.text());
                    if (ok) {
                        release(p.size());
                    }
                    yield ok;
                }
            };
            if (!written) {
                // the client is gone (or the stream was stopped and its connection dropped)
                lock.lock();
                try {
                    if (stopped == null) {
                        stopped = Outcome.CLIENT_GONE;
                    }
                    return stopped;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** The client hung up: the stream stops, and a write blocked on it fails. */
    private void clientGone() {
        lock.lock();
        try {
            if (stopped != null || completed) {
                return;
            }
            stop(Outcome.CLIENT_GONE);
        } finally {
            lock.unlock();
        }
        hangUp();
    }

    /** Frees {@code bytes} of the buffer, written to the client. */
    private void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        lock.lock();
        try {
            lastProgress = System.nanoTime();
            if (stopped == null) {
                buffered = Math.max(0, buffered - bytes);
                changed.signalAll(); // a producer may be waiting for room
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The writer is done with the stream: one that did not complete (the stream never opened, the
     * writer was interrupted) stops, so the work behind it is cancelled. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (stopped == null && !completed) {
                stop(Outcome.CLIENT_GONE);
            }
        } finally {
            lock.unlock();
        }
    }

    private void hangUp() {
        SseWriter sse = writer;
        if (sse != null) {
            sse.hangUp();
        }
    }
}
