package dev.easel.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** API keys in SQL. */
final class SqlApiKeys implements ApiKeyRepository {
    private static final String COLUMNS = "id, name, scope, sha256, hint, created_at, revoked_at";
    private final Jdbi jdbi;

    SqlApiKeys(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(StoredApiKey key) {
        int inserted = jdbi.withHandle(h -> h.createUpdate("INSERT INTO api_keys (" + COLUMNS + ")"
                        + " VALUES (:id, :name, :scope, :sha256, :hint, :createdAt, :revokedAt) ON CONFLICT DO NOTHING")
                .bind("id", key.id())
                .bind("name", key.name())
                .bind("scope", key.scope())
                .bind("sha256", key.sha256())
                .bind("hint", key.hint())
                .bind("createdAt", key.createdAt())
                .bind("revokedAt", key.revokedAt().orElse(null))
                .execute());
        if (inserted == 0) {
            throw new IllegalStateException("an API key with id " + key.id() + " or the same hash exists");
        }
    }

    @Override
    public List<StoredApiKey> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id")
                .map((rs, ctx) -> row(rs))
                .list());
    }

    @Override
    public Optional<StoredApiKey> findActive(String sha256) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE sha256 = :sha256 AND revoked_at IS NULL")
                        .bind("sha256", sha256)
                        .map((rs, ctx) -> row(rs))
                        .findOne());
    }

    @Override
    public boolean revoke(String id, long at) {
        return jdbi.withHandle(h -> h.createUpdate(
                                "UPDATE api_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                        .bind("id", id)
                        .bind("at", at)
                        .execute())
                == 1;
    }

    private static StoredApiKey row(java.sql.ResultSet rs) throws java.sql.SQLException {
        long revoked = rs.getLong("revoked_at");
        return new StoredApiKey(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("scope"),
                rs.getString("sha256"),
                rs.getString("hint"),
                rs.getLong("created_at"),
                rs.wasNull() ? Optional.empty() : Optional.of(revoked));
    }
}
