package dev.easel.engine;

import java.util.Optional;

/**
 * Durable home of the latents of generated images, behind the in-memory {@link EngineCaches}: an
 * evicted entry is read back rather than recomputed from pixels, so an edit gives the same picture
 * whether or not its source was still cached. Implementations are thread-safe.
 */
public interface LatentStore {
    Optional<Latents> load(String key);

    void save(String key, Latents latents);

    /** Forgets the latents under this key, if any. */
    void delete(String key);

    /** Keeps nothing: evicted latents are gone (edits then start from the pixels). */
    LatentStore NONE = new LatentStore() {
        @Override
        public Optional<Latents> load(String key) {
            return Optional.empty();
        }

        @Override
        public void save(String key, Latents latents) {}

        @Override
        public void delete(String key) {}
    };
}
