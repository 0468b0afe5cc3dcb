package dev.easel.images;

/** The engine's queue is full; the client should retry after {@code retryAfterSeconds}. */
public final class QueueFullException extends RuntimeException {
    private final int retryAfterSeconds;

    public QueueFullException(int depth, int retryAfterSeconds) {
        super("the image queue is full (" + depth + " jobs waiting); retry in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
