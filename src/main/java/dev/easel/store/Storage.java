package dev.easel.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The metadata store: responses, items, files and event logs. By default in one SQLite database in the data
 * folder: each operation opens its own connection; the database is in WAL mode (readers do not block the
 * writer), waits for a busy database rather than failing, and starts transactions with the write lock taken
 * (IMMEDIATE), so a transaction never fails for upgrading a read lock. For several nodes, in PostgreSQL through
 * a connection pool. Both are brought to the same schema version by their own migration scripts. Thread-safe.
 */
public final class Storage implements AutoCloseable {
    private static final String FILE = "easel.db";
    private static final int BUSY_TIMEOUT_MS = 10_000;
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /**
     * Closed with the store: on SQLite a connection held open for the store's lifetime, so the WAL file is not
     * checkpointed away after every operation; on PostgreSQL the pool.
     */
    private final AutoCloseable keeper;

    private final AtomicBoolean closed;
    private final SqlResponses responses;
    private final SqlItems items;
    private final SqlFiles files;
    private final SqlEventLog events;
    private final SqlApiKeys apiKeys;
    private final SqlNodes nodes;
    private final boolean shared;

    private Storage(Jdbi jdbi, Dialect dialect, AtomicBoolean closed, AutoCloseable keeper) {
        this.shared = dialect == Dialect.POSTGRESQL;
        this.closed = closed;
        this.keeper = keeper;
        this.events = new SqlEventLog(jdbi, shared);
        this.responses = new SqlResponses(jdbi, dialect, events);
        this.items = new SqlItems(jdbi);
        this.files = new SqlFiles(jdbi, dialect);
        this.apiKeys = new SqlApiKeys(jdbi);
        this.nodes = new SqlNodes(jdbi);
    }

    /** Opens (creating if needed) {@code dataDir/easel.db} and brings its schema up to date. */
    public static Storage openSqlite(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dataDir, e);
        }
        // synchronous=NORMAL is durable across process crashes in WAL mode; a power cut may lose the last commits.
        String url = "jdbc:sqlite:" + dataDir.resolve(FILE).toAbsolutePath()
                + "?journal_mode=WAL&synchronous=NORMAL&busy_timeout=" + BUSY_TIMEOUT_MS
                + "&transaction_mode=IMMEDIATE";
        Flyway.configure()
                .dataSource(url, null, null)
                .locations(Dialect.SQLITE.migrations())
                .load()
                .migrate();
        AtomicBoolean closed = new AtomicBoolean();
        Jdbi jdbi = Jdbi.create(() -> {
            if (closed.get()) {
                throw new SQLException("the store is closed");
            }
            return DriverManager.getConnection(url);
        });
        Handle keeper = jdbi.open();
        return new Storage(jdbi, Dialect.SQLITE, closed, keeper::close);
    }

    /**
     * Connects to a PostgreSQL database shared by several nodes and brings its schema up to date (Flyway takes a
     * lock in the database, so nodes starting together migrate it once).
     *
     * @param jdbcUrl {@code jdbc:postgresql://host:port/database}, with any of the driver's parameters
     * @param poolSize the most connections this node holds open
     * @throws IllegalStateException naming the URL (never the password) when the database cannot be reached
     */
    public static Storage openPostgres(String jdbcUrl, String user, Optional<String> password, int poolSize) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("a PostgreSQL URL starts with jdbc:postgresql: " + describe(jdbcUrl));
        }
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("easel-store");
        pool.setJdbcUrl(jdbcUrl);
        pool.setUsername(user);
        password.ifPresent(pool::setPassword);
        pool.setMaximumPoolSize(poolSize);
        pool.setMinimumIdle(Math.min(2, poolSize));
        pool.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        HikariDataSource source;
        try {
            source = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot connect to the store at " + describe(jdbcUrl) + ": " + rootMessage(e), e);
        }
        try {
            // Its own connections, not the pool's: Flyway holds one for its lock while it migrates on another.
            Flyway.configure()
                    .dataSource(jdbcUrl, user, password.orElse(null))
                    .locations(Dialect.POSTGRESQL.migrations())
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        AtomicBoolean closed = new AtomicBoolean();
        Jdbi jdbi = Jdbi.create(() -> {
            if (closed.get()) {
                throw new SQLException("the store is closed");
            }
            return source.getConnection();
        });
        return new Storage(jdbi, Dialect.POSTGRESQL, closed, source::close);
    }

    /** A JDBC URL without its parameters, which may hold a password: what logs and errors show. */
    public static String describe(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?…";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    public ResponseRepository responses() {
        return responses;
    }

    public ItemRepository items() {
        return items;
    }

    public ApiKeyRepository apiKeys() {
        return apiKeys;
    }

    public FileRepository files() {
        return files;
    }

    /** Whether other nodes may use this store at the same time (PostgreSQL); SQLite's belongs to one process. */
    public boolean shared() {
        return shared;
    }

    public NodeRepository nodes() {
        return nodes;
    }

    public EventLog events() {
        return events;
    }

    /**
     * Call when the store is no longer used; open cursors should be closed first. Any later operation fails
     * (a response run still finishing after shutdown must not write into a data folder that a new server may
     * already own).
     */
    @Override
    public void close() {
        closed.set(true);
        try {
            keeper.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the store", e);
        }
    }
}
