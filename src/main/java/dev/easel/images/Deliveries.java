package dev.easel.images;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One task's hand-outs (previews and images: moderated, marked and given to its listener), run one
 * at a time in the order they were added, on the service's delivery threads, so that the engine worker never
 * waits for a picture's check, watermark, encoding or sending: the next denoising step starts at
 * once. The first delivery that fails is kept and the ones after it are skipped; the worker reads
 * it back ({@link #rethrow}) at its next step, so a failed hand-out still ends the run.
 *
 * <p>Threading: {@link #add} from one thread only (the task's worker); {@link #rethrow} and
 * {@link #drained} from any.
 */
final class Deliveries {
    private final Executor threads;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private volatile RuntimeException failure;

    /**
     * @param threads where the deliveries run: platform threads, since a watermark and a PNG are
     *     CPU-bound work that would hold a virtual thread's carrier (and with it the requests'
     *     virtual threads, such as the one writing this very stream) for tens of milliseconds
     */
    Deliveries(Executor threads) {
        this.threads = threads;
    }

    /** Runs {@code delivery} after every one added before it, unless one of those failed. */
    void add(Runnable delivery) {
        tail = tail.thenRunAsync(
                () -> {
                    if (failure != null) {
                        return;
                    }
                    try {
                        delivery.run();
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                },
                threads);
    }

    /** Throws the failure of an earlier delivery, if one failed. */
    void rethrow() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    /**
     * Completes once every delivery added so far has run or been skipped (call it after the last
     * {@link #add}); then {@link #rethrow} tells whether one failed.
     */
    CompletableFuture<Void> drained() {
        return tail;
    }
}
