package dev.easel.store;

import java.io.IOException;
import java.util.Optional;

/** Stored bytes (images, uploads) by name. Implementations are thread-safe. */
public interface BlobStore {
    /** Stores {@code bytes} under a new unguessable name ending in {@code .extension}. */
    String put(byte[] bytes, String extension) throws IOException;

    /**
     * The name that {@link #replace} stores {@code key}'s bytes under: the same for the same key in this store,
     * of the issued shape (128 bits of the key's SHA-256), for caches whose entries are found by what they are of.
     */
    String nameFor(String key, String extension);

    /**
     * Stores {@code bytes} under {@code name} (one from {@link #nameFor}), replacing what was there; a reader
     * sees the old bytes or the new, never a mix.
     *
     * @throws IllegalArgumentException for a name of another shape
     */
    void replace(String name, byte[] bytes) throws IOException;

    /** The bytes stored under {@code name}, if any. Names that this store never issued are simply absent. */
    Optional<byte[]> get(String name) throws IOException;

    /** Removes the blobs last written before {@code before}; returns how many. */
    int deleteOlderThan(java.time.Instant before) throws IOException;

    /** Removes the bytes stored under {@code name}; false if there were none. */
    boolean delete(String name) throws IOException;
}
