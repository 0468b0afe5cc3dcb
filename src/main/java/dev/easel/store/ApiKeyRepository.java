package dev.easel.store;

import java.util.List;
import java.util.Optional;

/** API keys by their hash. Implementations are thread-safe; each call is atomic. */
public interface ApiKeyRepository {
    /** @throws IllegalStateException if a key with this id or hash exists */
    void insert(StoredApiKey key);

    /** Every key, revoked ones too, oldest first. */
    List<StoredApiKey> list();

    /** The key, not revoked, whose SHA-256 this is. */
    Optional<StoredApiKey> findActive(String sha256);

    /** Marks the key revoked at {@code at}; false if there is no such key or it was revoked before. */
    boolean revoke(String id, long at);
}
