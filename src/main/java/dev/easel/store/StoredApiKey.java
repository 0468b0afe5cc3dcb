package dev.easel.store;

import java.util.Objects;
import java.util.Optional;

/**
 * An API key made with {@code easel keys create}, as stored: never the key, only its SHA-256.
 *
 * @param scope {@code user} or {@code admin}
 * @param hint the key's last four characters, for telling keys apart
 * @param createdAt seconds since the epoch
 * @param revokedAt when it was revoked; a revoked key authenticates nothing
 */
public record StoredApiKey(
        String id, String name, String scope, String sha256, String hint, long createdAt, Optional<Long> revokedAt) {
    public StoredApiKey {
        Require.text(id, "id");
        Objects.requireNonNull(name, "name");
        Require.text(scope, "scope");
        Require.text(sha256, "sha256");
        Objects.requireNonNull(hint, "hint");
        Require.nonNegative(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }
}
