package dev.easel.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streams each key holds open at once, for {@code limits.concurrent_streams}: {@link #local} counts in this
 * process; an implementation on a shared store (Redis) counts for every node, its entries expiring when the node
 * that holds them dies. Thread-safe.
 */
public interface OpenStreams {
    /** Opens one of {@code owner}'s streams if fewer than {@code limit} are open; empty when refused. */
    Optional<Open> open(String owner, int limit);

    /** An open stream, counted until closed (once). */
    interface Open extends AutoCloseable {
        @Override
        void close();
    }

    /** Counted in this process. */
    static OpenStreams local() {
        Cache<String, AtomicInteger> counts = Caffeine.newBuilder().build();
        return (owner, limit) -> {
            AtomicInteger open = counts.get(owner, k -> new AtomicInteger());
            if (open.incrementAndGet() > limit) {
                open.decrementAndGet();
                return Optional.empty();
            }
            java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
            return Optional.of(() -> {
                if (closed.compareAndSet(false, true)) {
                    open.decrementAndGet();
                }
            });
        };
    }
}
