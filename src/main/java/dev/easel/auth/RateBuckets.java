package dev.easel.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Token buckets of per-key limits by name ({@code requests:<owner>}): {@code limit} tokens refilled evenly over
 * a minute. {@link #local} counts in this process; an implementation on a shared store (Redis) counts for every
 * node, so that a key's limit holds however its requests are spread. Thread-safe.
 */
public interface RateBuckets {
    long MINUTE_NANOS = 60_000_000_000L;

    /** Takes {@code count} tokens of the bucket {@code name} holding at most {@code limit}, if it has them. */
    Taken take(String name, int limit, int count);

    /**
     * What a take did: whether it was granted, the tokens left, when the bucket is full again and, if refused,
     * when the tokens asked for will be there.
     */
    record Taken(boolean granted, long remaining, long resetNanos, long retryNanos) {
        /** The answer for a bucket holding {@code tokens} after the take (a refill rate of {@code limit}/min). */
        public static Taken of(boolean granted, double tokens, int limit, int count) {
            double perNano = (double) limit / MINUTE_NANOS;
            long reset = (long) ((limit - tokens) / perNano);
            long retry = granted ? 0 : count > limit ? MINUTE_NANOS : (long) ((count - tokens) / perNano);
            return new Taken(granted, (long) Math.floor(tokens), reset, retry);
        }
    }

    /** Buckets in this process, on {@code nanos}' clock, forgotten ten minutes after their last use. */
    static RateBuckets local(LongSupplier nanos) {
        Cache<String, Bucket> buckets =
                Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();
        return (name, limit, count) ->
                buckets.get(name, k -> new Bucket(limit, nanos.getAsLong())).take(count, nanos.getAsLong());
    }

    /** One bucket of {@link #local}. */
    final class Bucket {
        private final int limit;
        private double tokens;
        private long at;

        Bucket(int limit, long now) {
            this.limit = limit;
            this.tokens = limit;
            this.at = now;
        }

        synchronized Taken take(int count, long now) {
            double perNano = (double) limit / MINUTE_NANOS;
            tokens = Math.min(limit, tokens + (now - at) * perNano);
            at = now;
            boolean granted = count <= limit && tokens >= count;
            if (granted) {
                tokens -= count;
            }
            return Taken.of(granted, tokens, limit, count);
        }
    }
}
