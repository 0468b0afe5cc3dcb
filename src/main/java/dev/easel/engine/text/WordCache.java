package dev.easel.engine.text;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded, thread-safe least-recently-used cache from a word to its token ids.
 *
 * <p>Prompts reuse a small set of words, so caching spares most BPE work; the bound keeps a server
 * that sees arbitrary text from growing without limit. One lock is enough: a lookup is far cheaper
 * than anything else done with a prompt. Values are shared between callers and must not be
 * modified.
 */
final class WordCache {

    private final Map<String, int[]> entries;

    WordCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The cached ids of {@code word}, computing and storing them on a miss. The computation runs
     * outside the lock, so two threads missing on the same word may both compute it; the results
     * are equal, so either may stay.
     */
    int[] get(String word, Function<String, int[]> compute) {
        synchronized (entries) {
            int[] cached = entries.get(word);
            if (cached != null) {
                return cached;
            }
        }
        int[] computed = compute.apply(word);
        synchronized (entries) {
            entries.put(word, computed);
        }
        return computed;
    }
}
