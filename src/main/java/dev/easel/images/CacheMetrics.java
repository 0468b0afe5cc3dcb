package dev.easel.images;

import dev.easel.engine.EngineCaches;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Exports the engine caches at {@code /metrics}: {@code easel_cache_hits_total},
 * {@code easel_cache_misses_total}, {@code easel_cache_evictions_total} (counters) and
 * {@code easel_cache_bytes}, {@code easel_cache_entries} (gauges), tagged {@code cache=embeddings}
 * or {@code cache=latents}.
 */
public final class CacheMetrics {
    private CacheMetrics() {}

    public static void register(EngineCaches caches, MeterRegistry meters) {
        register(caches, meters, "embeddings", EngineCaches::embeddingCounters);
        register(caches, meters, "latents", EngineCaches::latentCounters);
    }

    private static void register(
            EngineCaches caches,
            MeterRegistry meters,
            String name,
            Function<EngineCaches, EngineCaches.Counters> read) {
        counter(meters, "easel.cache.hits", name, caches, c -> read.apply(c).hits());
        counter(meters, "easel.cache.misses", name, caches, c -> read.apply(c).misses());
        counter(
                meters,
                "easel.cache.evictions",
                name,
                caches,
                c -> read.apply(c).evictions());
        Gauge.builder("easel.cache.bytes", caches, c -> {
                    c.cleanUp();
                    return read.apply(c).bytes();
                })
                .tag("cache", name)
                .register(meters);
        Gauge.builder("easel.cache.entries", caches, c -> read.apply(c).entries())
                .tag("cache", name)
                .register(meters);
    }

    private static void counter(
            MeterRegistry meters,
            String meter,
            String cache,
            EngineCaches caches,
            ToDoubleFunction<EngineCaches> value) {
        FunctionCounter.builder(meter, caches, value).tag("cache", cache).register(meters);
    }
}
