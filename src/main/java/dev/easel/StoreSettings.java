package dev.easel;

import dev.easel.Config.Secret;
import dev.easel.Config.Setting;
import dev.easel.store.Storage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code store} section of {@link Config}: where the metadata (responses, items, files, event logs, API
 * keys) lives. Without a PostgreSQL URL, in SQLite in the data folder; with one, in that database, shared by
 * every node that names it.
 *
 * @param postgresUrl {@code jdbc:postgresql://host:port/database}
 * @param postgresPoolSize the most connections this node holds open to it
 */
public record StoreSettings(
        Optional<String> postgresUrl, String postgresUser, Optional<Secret> postgresPassword, int postgresPoolSize) {
    static final String URL_PREFIX = "jdbc:postgresql://";
    static final int MAX_POOL_SIZE = 1000;

    public StoreSettings {
        List.of(postgresUrl, postgresUser, postgresPassword); // none null
        if (postgresUrl.isPresent() && !postgresUrl.get().startsWith(URL_PREFIX)) {
            throw new IllegalArgumentException("store.postgres_url must start with " + URL_PREFIX);
        }
        if (postgresPoolSize < 1 || postgresPoolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("store.postgres_pool_size must be 1 to " + MAX_POOL_SIZE);
        }
    }

    static final StoreSettings DEFAULTS = new StoreSettings(Optional.empty(), "easel", Optional.empty(), 16);

    static final Setting<Optional<String>> POSTGRES_URL = Setting.of(
            "store.postgres_url",
            "JDBC_URL",
            "PostgreSQL database for the metadata, shared by nodes (jdbc:postgresql://host:5432/easel); empty:"
                    + " SQLite in the data folder.",
            t -> t.isEmpty() ? Optional.empty() : Optional.of(t),
            c -> c.store().postgresUrl());
    static final Setting<String> POSTGRES_USER = Setting.of(
            "store.postgres_user",
            "USER",
            "The database user.",
            SettingParsers::nonEmpty,
            c -> c.store().postgresUser());
    static final Setting<Optional<Secret>> POSTGRES_PASSWORD = Setting.of(
            "store.postgres_password",
            ConfigTable.SECRET_LABEL,
            "The database user's password; empty: none (trust, peer or a .pgpass file).",
            SettingParsers::secret,
            c -> c.store().postgresPassword());
    static final Setting<Integer> POSTGRES_POOL_SIZE = Setting.of(
            "store.postgres_pool_size",
            "N",
            "The most database connections this node holds open.",
            t -> (int) SettingParsers.whole(t, 1, MAX_POOL_SIZE),
            c -> c.store().postgresPoolSize());

    static final List<Setting<?>> ALL = List.of(POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_POOL_SIZE);

    /** Opens the store these settings name: PostgreSQL, or SQLite in {@code dataDir}. */
    public Storage open(Path dataDir) {
        return postgresUrl.isPresent()
                ? Storage.openPostgres(
                        postgresUrl.get(), postgresUser, postgresPassword.map(Secret::value), postgresPoolSize)
                : Storage.openSqlite(dataDir);
    }

    static StoreSettings of(ConfigTable.Values v) {
        return new StoreSettings(
                v.get(POSTGRES_URL), v.get(POSTGRES_USER), v.get(POSTGRES_PASSWORD), v.get(POSTGRES_POOL_SIZE));
    }
}
