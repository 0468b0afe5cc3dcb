package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimitsUnitTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBucketRefillsEvenlyOverTheMinute() {
        RateLimits.Bucket bucket = new RateLimits.Bucket(60, 0);
        for (int i = 0; i < 60; i++) {
            assertThat(bucket.take(1, 0).granted()).isTrue();
        }
        RateLimits.Bucket.Taken refused = bucket.take(1, 0);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.retryNanos()).isBetween(SECOND - 1000, SECOND + 1000);
        assertThat(bucket.take(1, SECOND + 1).granted())
                .as("one token a second")
                .isTrue();
        assertThat(bucket.take(1, SECOND + 2).granted()).isFalse();
        assertThat(bucket.take(30, 31 * SECOND + 2).granted()).isTrue();
    }

    @Test
    void durationsAreWrittenAsOpenAisHeaders() {
        assertThat(RateLimits.duration(20_000_000L)).isEqualTo("20ms");
        assertThat(RateLimits.duration(SECOND)).isEqualTo("1s");
        assertThat(RateLimits.duration(360 * SECOND)).isEqualTo("6m0s");
    }
}
