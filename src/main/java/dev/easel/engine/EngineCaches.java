package dev.easel.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.Optional;

/**
 * The caches that let later edit rounds reuse earlier work, bounded by bytes and shared by every
 * run of a server (thread-safe, least-recently-used eviction):
 * <ul>
 *   <li>prompt → text-encoder output, per model (a repeated prompt skips the text encoder);
 *   <li>image → latents: the final latents of every generated image, by its id and by the hash
 *       of its pixels (an edit of it, however the client names it, starts from the exact latents
 *       with no VAE decode/encode round trip), and the encoder output of uploaded pixels by
 *       content hash and size (an image edited again skips the encoder).
 * </ul>
 * A size of 0 disables a cache. Evicted entries are simply recomputed, with identical results.
 */
public final class EngineCaches {
    private final Cache<String, float[]> embeddings;
    private final Cache<String, Latents> latents;

    public EngineCaches(long embeddingBytes, long latentBytes) {
        this.embeddings = Caffeine.newBuilder()
                .maximumWeight(embeddingBytes)
                .weigher((String k, float[] v) -> (int) Math.min(Integer.MAX_VALUE, 64L + k.length() * 2L + v.length * 4L))
                .recordStats()
                .build();
        this.latents = Caffeine.newBuilder()
                .maximumWeight(latentBytes)
                .weigher((String k, Latents v) -> (int) Math.min(Integer.MAX_VALUE, 64L + k.length() * 2L + v.bytes()))
                .recordStats()
                .build();
    }

    /** Caches of Easel's default sizes: 64 MiB of embeddings, 256 MiB of latents. */
    public static EngineCaches defaults() {
        return new EngineCaches(64L << 20, 256L << 20);
    }

    public static EngineCaches none() {
        return new EngineCaches(0, 0);
    }

    /** Counters of one cache, for metrics. */
    public record Counters(long hits, long misses, long evictions, long bytes, long entries) {}

    public Counters embeddingCounters() {
        return counters(embeddings);
    }

    public Counters latentCounters() {
        return counters(latents);
    }

    /** The final latents of the image with this id, if still cached. */
    public Optional<Latents> imageLatents(String imageId) {
        return Optional.ofNullable(latents.getIfPresent("image:" + imageId));
    }

    public void putImageLatents(String imageId, Latents value) {
        latents.put("image:" + imageId, value);
    }

    Optional<float[]> embedding(String model, String prompt) {
        return Optional.ofNullable(embeddings.getIfPresent(model + "\u0000" + prompt));
    }

    void putEmbedding(String model, String prompt, float[] hidden) {
        embeddings.put(model + "\u0000" + prompt, hidden);
    }

    Optional<Latents> pixelLatents(String key) {
        return Optional.ofNullable(latents.getIfPresent(key));
    }

    void putPixelLatents(String key, Latents value) {
        latents.put(key, value);
    }

    /** Runs pending evictions now, so counters are exact (tests, metrics scrapes). */
    public void cleanUp() {
        embeddings.cleanUp();
        latents.cleanUp();
    }

    private static Counters counters(Cache<String, ?> cache) {
        CacheStats s = cache.stats();
        long weight = cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
        return new Counters(s.hitCount(), s.missCount(), s.evictionCount(), weight, cache.estimatedSize());
    }
}
