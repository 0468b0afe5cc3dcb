package dev.easel.api;

import dev.easel.auth.RateBuckets;
import dev.easel.wire.ApiException;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Per-key limits, as OpenAI's: requests per minute and images per minute (token buckets that
 * refill evenly over the minute), and streams open at once. Every answer carries
 * {@code x-ratelimit-limit-requests}, {@code -remaining-requests} and {@code -reset-requests}
 * (and the {@code -images} ones where images are asked for); a request past a limit is OpenAI's
 * 429 {@code rate_limit_exceeded} with {@code Retry-After}, naming the limit. A limit of 0 is off,
 * and a server without API keys has none. The per-minute buckets are the settings' {@link RateBuckets}
 * and open streams the settings' {@link dev.easel.auth.OpenStreams} (with the engine queue on Redis, both shared by
 * every API node). Thread-safe.
 */
final class RateLimits {
    private final ApiServer.KeyLimits settings;
    private final RateBuckets buckets;
    private final dev.easel.auth.OpenStreams streams;

    RateLimits(ApiServer.KeyLimits settings) {
        this.settings = settings;
        this.buckets = settings.buckets();
        this.streams = settings.streams();
    }

    /** The before-handler, after authentication: one request of this caller's minute. */
    void request(Context ctx) {
        if (Auth.isPublic(ctx.path())) {
            return;
        }
        request(Auth.caller(ctx), ctx::header);
    }

    /** One request of this caller's minute, wherever it comes (the MCP endpoint too). */
    void request(dev.easel.auth.Caller caller, BiConsumer<String, String> headers) {
        if (settings.requestsPerMinute() == 0 || caller == dev.easel.auth.Caller.OPEN) {
            return;
        }
        take(headers, caller.owner(), settings.requestsPerMinute(), 1, "requests", "RPM");
    }

    /** {@code count} images of this caller's minute, before they are made. */
    void images(Context ctx, int count) {
        images(Auth.caller(ctx), count, ctx::header);
    }

    /**
     * {@code count} images of this caller's minute, before they are made, wherever they are asked
     * for (the MCP server's tools too); the rate headers go to {@code headers}.
     */
    void images(dev.easel.auth.Caller caller, int count, BiConsumer<String, String> headers) {
        if (settings.imagesPerMinute() == 0 || caller == dev.easel.auth.Caller.OPEN) {
            return;
        }
        take(headers, caller.owner(), settings.imagesPerMinute(), count, "images", "IPM");
    }

    /** Opens one of the caller's streams; close it when the stream ends. */
    Open stream(Context ctx) {
        if (settings.concurrentStreams() == 0 || Auth.caller(ctx) == dev.easel.auth.Caller.OPEN) {
            return () -> {};
        }
        Optional<dev.easel.auth.OpenStreams.Open> open =
                streams.open(Auth.caller(ctx).owner(), settings.concurrentStreams());
        if (open.isEmpty()) {
            throw ApiException.rateLimited(
                    "Too many streams open at once for this API key: the limit is " + settings.concurrentStreams()
                            + " (concurrent_streams). Close one, or retry without stream.",
                    1);
        }
        return open.get()::close;
    }

    /** An open stream, counted until closed. */
    interface Open extends AutoCloseable {
        @Override
        void close();
    }

    private void take(
            BiConsumer<String, String> headers, String owner, int limit, int count, String what, String unit) {
        if (count > limit) {
            throw ApiException.invalid(
                    what.equals("images") ? "n" : null,
                    "This request asks for " + count + " " + what + ", more than the limit of " + limit
                            + " per minute (" + what + "_per_minute) allows at all.");
        }
        RateBuckets.Taken taken = buckets.take(what + ":" + owner, limit, count);
        headers.accept("x-ratelimit-limit-" + what, Integer.toString(limit));
        headers.accept("x-ratelimit-remaining-" + what, Long.toString(taken.remaining()));
        headers.accept("x-ratelimit-reset-" + what, duration(taken.resetNanos()));
        if (!taken.granted()) {
            long waitNanos = taken.retryNanos();
            int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (waitNanos + 999_999_999L) / 1_000_000_000L));
            throw ApiException.rateLimited(
                    "Rate limit reached for " + what + " per min (" + unit + "): Limit " + limit + ", Requested "
                            + count + ". Please try again in " + duration(waitNanos) + ".",
                    seconds);
        }
    }

    /** OpenAI's duration text: {@code 20ms}, {@code 1s}, {@code 6m0s}. */
    static String duration(long nanos) {
        long ms = Math.max(0, nanos / 1_000_000);
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = (ms + 999) / 1000;
        return s < 60 ? s + "s" : s / 60 + "m" + s % 60 + "s";
    }
}
