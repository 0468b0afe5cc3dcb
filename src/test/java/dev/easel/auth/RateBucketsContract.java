package dev.easel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RateBuckets} does, written once: in this process ({@code LocalRateBucketsTest}) and in Redis
 * ({@code RedisRateBucketsTest}). Real clocks run meanwhile: a bucket of 60 a minute refills one token a second,
 * far slower than these takes.
 */
public abstract class RateBucketsContract {
    protected abstract RateBuckets buckets();

    private static String name() {
        return "requests:" + UUID.randomUUID();
    }

    @Test
    void aBucketGivesItsLimitThenRefusesUntilATokenIsBack() {
        RateBuckets buckets = buckets();
        String key = name();
        for (int i = 0; i < 60; i++) {
            RateBuckets.Taken taken = buckets.take(key, 60, 1);
            assertThat(taken.granted()).as("take %d", i).isTrue();
            assertThat(taken.remaining()).isBetween(59L - i, 60L - i);
        }
        RateBuckets.Taken refused = buckets.take(key, 60, 1);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryNanos()).as("a token a second").isBetween(500_000_000L, 1_000_000_000L);
        assertThat(refused.resetNanos()).as("full again in about a minute").isBetween(55_000_000_000L, 60_000_000_000L);
    }

    @Test
    void bucketsOfOtherNamesAreTheirOwn() {
        RateBuckets buckets = buckets();
        String a = name();
        assertThat(buckets.take(a, 2, 2).granted()).isTrue();
        assertThat(buckets.take(a, 2, 1).granted()).isFalse();
        assertThat(buckets.take(name(), 2, 2).granted()).isTrue();
    }

    @Test
    void moreThanTheLimitAtOnceIsNeverGranted() {
        RateBuckets buckets = buckets();
        RateBuckets.Taken taken = buckets.take(name(), 3, 4);
        assertThat(taken.granted()).isFalse();
        assertThat(taken.remaining()).as("nothing taken").isEqualTo(3);
        assertThat(taken.retryNanos()).isEqualTo(RateBuckets.MINUTE_NANOS);
    }
}
