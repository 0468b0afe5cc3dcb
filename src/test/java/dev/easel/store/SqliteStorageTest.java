package dev.easel.store;

import static dev.easel.store.StoreFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on SQLite, plus what only SQLite has: its file, its mode, its migrations. */
class SqliteStorageTest extends NodesContract {
    @TempDir
    Path dir;

    @Override
    protected Storage open() {
        return Storage.openSqlite(dir.resolve("data"));
    }

    @Test
    void theDatabaseIsAMigratedWalFileInTheDataFolder() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/easel.db"));
                Statement s = c.createStatement()) {
            assertThat(single(s, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(single(
                            s,
                            "SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank"
                                    + " DESC LIMIT 1"))
                    .isEqualTo("7");
        }
    }

    @Test
    void liveLogsAreDroppedOnceFinishedAndUnfollowed() {
        SqlEventLog log = (SqlEventLog) storage.events();
        log.append("resp_1", "e", event("e"));
        assertThat(log.liveCount()).isEqualTo(1);
        try (EventCursor cursor = log.follow("resp_1", -1)) {
            log.finish("resp_1");
            assertThat(log.liveCount()).isEqualTo(1);
        }
        assertThat(log.liveCount()).isZero();
        try (EventCursor replay = log.follow("resp_1", -1)) {
            assertThat(replay.isFinished()).isFalse();
        }
        log.append("resp_2", "e", event("e"));
        log.discard("resp_2");
        storage.responses().delete("resp_3");
        assertThat(log.liveCount()).isZero();
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
