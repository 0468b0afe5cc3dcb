package dev.easel.tools.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * A small least-recently-used cache whose entries expire after a fixed time on the injected clock,
 * bounded by entry count and by a total weight. Thread-safe (one lock; entries are cheap to look
 * up). Two requests missing the same key at once both load it; the later put wins.
 */
final class TtlCache<V> {
    private record Entry<V>(V value, long weight, Instant expires) {}

    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private final long maxWeight;
    private final ToLongFunction<V> weigher;
    private final LinkedHashMap<String, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    TtlCache(Clock clock, Duration ttl, int maxEntries, long maxWeight, ToLongFunction<V> weigher) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
        this.weigher = weigher;
    }

    synchronized Optional<V> get(String key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires())) {
            remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    /** Keeps the value unless it alone is heavier than the whole cache may be. */
    synchronized void put(String key, V value) {
        long w = weigher.applyAsLong(value);
        remove(key);
        if (w > maxWeight || maxEntries == 0 || ttl.isZero()) {
            return;
        }
        entries.put(key, new Entry<>(value, w, clock.instant().plus(ttl)));
        weight += w;
        Iterator<Map.Entry<String, Entry<V>>> eldest = entries.entrySet().iterator();
        while (entries.size() > maxEntries || weight > maxWeight) {
            weight -= eldest.next().getValue().weight();
            eldest.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private void remove(String key) {
        Entry<V> old = entries.remove(key);
        if (old != null) {
            weight -= old.weight();
        }
    }
}
