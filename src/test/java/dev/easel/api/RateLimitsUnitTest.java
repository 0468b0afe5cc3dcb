package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.easel.auth.RateBuckets;
import org.junit.jupiter.api.Test;

class RateLimitsUnitTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBucketRefillsEvenlyOverTheMinute() {
        long[] now = {0};
        RateBuckets buckets = RateBuckets.local(() -> now[0]);
        for (int i = 0; i < 60; i++) {
            assertThat(buckets.take("k", 60, 1).granted()).isTrue();
        }
        RateBuckets.Taken refused = buckets.take("k", 60, 1);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.retryNanos()).isBetween(SECOND - 1000, SECOND + 1000);
        assertThat(buckets.take("other", 60, 1).granted())
                .as("a bucket per name")
                .isTrue();
        now[0] = SECOND + 1;
        assertThat(buckets.take("k", 60, 1).granted()).as("one token a second").isTrue();
        now[0] = SECOND + 2;
        assertThat(buckets.take("k", 60, 1).granted()).isFalse();
        now[0] = 31 * SECOND + 2;
        assertThat(buckets.take("k", 60, 30).granted()).isTrue();
    }

    @Test
    void durationsAreWrittenAsOpenAisHeaders() {
        assertThat(RateLimits.duration(20_000_000L)).isEqualTo("20ms");
        assertThat(RateLimits.duration(SECOND)).isEqualTo("1s");
        assertThat(RateLimits.duration(360 * SECOND)).isEqualTo("6m0s");
    }
}
