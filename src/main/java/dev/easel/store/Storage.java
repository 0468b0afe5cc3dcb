package dev.easel.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The metadata store: responses, items, files and event logs, in one SQLite database in the data folder. Each
 * operation opens its own connection; the database is in WAL mode (readers do not block the writer), waits for
 * a busy database rather than failing, and starts transactions with the write lock taken (IMMEDIATE), so a
 * transaction never fails for upgrading a read lock. Thread-safe.
 */
public final class Storage implements AutoCloseable {
    private static final String FILE = "easel.db";
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /** Held open for the store's lifetime, so the WAL file is not checkpointed away after every operation. */
    private final Handle keeper;

    private final AtomicBoolean closed;
    private final SqlResponses responses;
    private final SqlItems items;
    private final SqlFiles files;
    private final SqlEventLog events;
    private final SqlApiKeys apiKeys;

    private Storage(Jdbi jdbi, AtomicBoolean closed) {
        this.closed = closed;
        this.keeper = jdbi.open();
        this.events = new SqlEventLog(jdbi);
        this.responses = new SqlResponses(jdbi, events);
        this.items = new SqlItems(jdbi);
        this.files = new SqlFiles(jdbi);
        this.apiKeys = new SqlApiKeys(jdbi);
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
                .locations("classpath:db/migration")
                .load()
                .migrate();
        AtomicBoolean closed = new AtomicBoolean();
        return new Storage(
                Jdbi.create(() -> {
                    if (closed.get()) {
                        throw new SQLException("the store is closed");
                    }
                    return DriverManager.getConnection(url);
                }),
                closed);
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
        keeper.close();
    }
}
