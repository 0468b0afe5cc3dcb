package dev.easel.tools.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TtlCacheTest {
    private final MutableClock clock = new MutableClock();
    private final TtlCache<String> cache = new TtlCache<>(clock, Duration.ofMinutes(10), 3, 10, String::length);

    @Test
    void entriesExpireAfterTheTtlExactly() {
        cache.put("a", "x");
        clock.advance(Duration.ofMinutes(10).minusNanos(1));
        assertThat(cache.get("a")).contains("x");
        clock.advance(Duration.ofNanos(1));
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void theLeastRecentlyUsedGoesFirstWhenEntriesOrWeightRunOut() {
        cache.put("a", "1");
        cache.put("b", "2");
        cache.put("c", "3");
        cache.get("a");
        cache.put("d", "4");
        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("a")).contains("1");

        cache.put("heavy", "1234567890"); // weight 10: the whole budget, so everything else goes
        assertThat(cache.size()).isEqualTo(1);
        cache.put("too-heavy", "12345678901");
        assertThat(cache.get("too-heavy")).isEmpty();
        assertThat(cache.get("heavy")).contains("1234567890");
    }
}
