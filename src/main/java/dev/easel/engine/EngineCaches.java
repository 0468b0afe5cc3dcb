package dev.easel.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.easel.media.RgbImage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
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
 * A size of 0 disables a cache. Evicted entries give identical results: text embeddings and
 * encoder outputs are recomputed exactly, and generated images' latents are read back from the
 * {@link LatentStore} they were also written to.
 */
public final class EngineCaches {
    private final Cache<String, float[]> embeddings;
    private final Cache<String, Latents> latents;
    private final boolean embeddingsOn;
    private final boolean latentsOn;
    private final LatentStore store;

    public EngineCaches(long embeddingBytes, long latentBytes) {
        this(embeddingBytes, latentBytes, LatentStore.NONE);
    }

    /** @param store where generated images' latents are also written, and read back after eviction */
    public EngineCaches(long embeddingBytes, long latentBytes, LatentStore store) {
        this.store = store;
        // Disabled caches store nothing at all: Caffeine evicts after a put, so a zero-sized cache
        // would still answer for a moment, and results would depend on timing.
        this.embeddingsOn = embeddingBytes > 0;
        this.latentsOn = latentBytes > 0;
        // Maintenance on the calling thread: what a cache holds never depends on a background pool.
        this.embeddings = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumWeight(embeddingBytes)
                .weigher((String k, float[] v) ->
                        (int) Math.min(Integer.MAX_VALUE, 64L + k.length() * 2L + v.length * 4L))
                .recordStats()
                .build();
        this.latents = Caffeine.newBuilder()
                .executor(Runnable::run)
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

    /** The final latents of the generated image with this id (cached, or read back from the store). */
    public Optional<Latents> imageLatents(String imageId) {
        return generated("image:" + imageId);
    }

    /** Remembers a generated image's final latents by its id, in the cache and the store. */
    public void putImageLatents(String imageId, Latents value) {
        remember("image:" + imageId, value);
    }

    /**
     * Forgets a generated image's latents, in the cache and the store (its response was deleted):
     * those under its id, and those under its pixels for each of {@code models} (the pixels
     * are those of the returned file; a lossy file's never matched any).
     */
    public void forgetImage(String imageId, Optional<RgbImage> pixels, List<String> models) {
        forget("image:" + imageId);
        pixels.ifPresent(p -> models.forEach(model -> forget(pixelKey(model, p))));
    }

    /**
     * A generated image's latents moved from the pixels the engine made to the pixels handed out
     * instead (a watermark changed them): an edit of the returned file still starts from them,
     * and the pixels nobody was given take no room.
     */
    public void rekeyGenerated(String model, RgbImage made, RgbImage handedOut, Latents latents) {
        String from = pixelKey(model, made);
        String to = pixelKey(model, handedOut);
        if (!from.equals(to)) {
            forget(from);
            remember(to, latents);
        }
    }

    private void forget(String key) {
        latents.invalidate(key);
        store.delete(key);
    }

    Optional<float[]> embedding(String model, String prompt) {
        return Optional.ofNullable(embeddings.getIfPresent(model + "\u0000" + prompt));
    }

    void putEmbedding(String model, String prompt, float[] hidden) {
        if (embeddingsOn) {
            embeddings.put(model + "\u0000" + prompt, hidden);
        }
    }

    /** Cache key of pixels: model, content hash and size (the encoder's output depends on all three). */
    static String pixelKey(String model, RgbImage pixels) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(pixels.rgb());
            return "pixels:" + model + ":" + HexFormat.of().formatHex(digest) + ":" + pixels.width() + "x"
                    + pixels.height();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Latents for these pixels: a generated image's own (durable), or the encoder's output for an upload. */
    Optional<Latents> pixelLatents(String key) {
        return generated(key);
    }

    /** Caches the encoder's output for uploaded pixels (recomputable exactly, so not stored). */
    void putEncodedLatents(String key, Latents value) {
        if (latentsOn) {
            latents.put(key, value);
        }
    }

    /** A generated image's latents under its pixel key: cached and stored. */
    void putGeneratedLatents(String key, Latents value) {
        remember(key, value);
    }

    private Optional<Latents> generated(String key) {
        Latents hit = latentsOn ? latents.getIfPresent(key) : null;
        if (hit != null) {
            return Optional.of(hit);
        }
        Optional<Latents> stored = store.load(key);
        stored.ifPresent(l -> {
            if (latentsOn) {
                latents.put(key, l);
            }
        });
        return stored;
    }

    private void remember(String key, Latents value) {
        if (latentsOn) {
            latents.put(key, value);
        }
        store.save(key, value);
    }

    /** Runs pending evictions now, so counters are exact (tests, metrics scrapes). */
    public void cleanUp() {
        embeddings.cleanUp();
        latents.cleanUp();
    }

    private static Counters counters(Cache<String, ?> cache) {
        CacheStats s = cache.stats();
        long weight =
                cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
        return new Counters(s.hitCount(), s.missCount(), s.evictionCount(), weight, cache.estimatedSize());
    }
}
