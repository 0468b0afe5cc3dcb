package dev.easel.engine.pull;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently transient failures are retried: {@code attempts} tries in all, waiting
 * {@code firstDelay} before the second and doubling up to {@code maxDelay}.
 */
record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {

    static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(15));

    RetryPolicy {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (attempts < 1 || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException(
                    "invalid retry policy " + attempts + ", " + firstDelay + ", " + maxDelay);
        }
    }

    /** Whether another try may follow try number {@code attempt} (1-based). */
    boolean allowsAnother(int attempt) {
        return attempt < attempts;
    }

    /** Sleeps before the try after {@code attempt}. */
    void pauseAfter(int attempt) throws InterruptedException {
        Duration delay = firstDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
        Thread.sleep(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
    }
}
