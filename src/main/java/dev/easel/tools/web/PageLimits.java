package dev.easel.tools.web;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How much {@link PageReader} reads and keeps. {@code maxBytes} bounds the body after
 * decompression; {@code timeout} bounds one whole read, robots.txt included; {@code userAgent} is
 * the robots.txt product token matched against {@code User-agent} groups.
 */
public record PageLimits(
        String userAgent,
        long maxBytes,
        Duration timeout,
        int maxTextChars,
        Duration cacheTtl,
        int cacheEntries,
        long cacheBytes) {
    public PageLimits {
        Objects.requireNonNull(userAgent, "userAgent");
        if (!userAgent.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException(
                    "userAgent must be a robots.txt product token, not \"" + userAgent + "\"");
        }
        userAgent = userAgent.toLowerCase(Locale.ROOT);
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "maxBytes must be 1 to " + (Integer.MAX_VALUE - 8) + ", not " + maxBytes);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
        if (maxTextChars < 1) {
            throw new IllegalArgumentException("maxTextChars must be positive, not " + maxTextChars);
        }
        if (cacheTtl.isNegative() || cacheEntries < 0 || cacheBytes < 0) {
            throw new IllegalArgumentException("cache limits must not be negative");
        }
    }

    /** 2 MiB, 10 s, 20k chars of text; pages kept 10 minutes, at most 256 of them and 32 MiB. */
    public static PageLimits defaults() {
        return new PageLimits(
                "Easel", 2L << 20, Duration.ofSeconds(10), 20_000, Duration.ofMinutes(10), 256, 32L << 20);
    }
}
