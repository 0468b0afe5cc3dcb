package dev.easel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The storage contract on a real PostgreSQL server (Debian's package, started by {@link PostgresServer}), plus
 * what only a shared database has: several nodes' stores on it at once.
 */
class PostgresStorageTest extends NodesContract {
    private final String url = PostgresServer.shared().newDatabase();

    @Override
    protected Storage open() {
        return Storage.openPostgres(url, PostgresServer.USER, Optional.empty(), 8);
    }

    @Test
    void theSchemaIsAtTheSameVersionAsSqlites() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success"
                        + " ORDER BY installed_rank DESC LIMIT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("7");
        }
    }

    @Test
    void nodesStartingTogetherMigrateOnceAndListInOneOrder() throws Exception {
        String fresh = PostgresServer.shared().newDatabase();
        int nodes = 4;
        try (ExecutorService pool = Executors.newFixedThreadPool(nodes)) {
            List<Callable<Storage>> opens = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                opens.add(() -> Storage.openPostgres(fresh, PostgresServer.USER, Optional.empty(), 4));
            }
            List<Storage> stores = new ArrayList<>();
            for (Future<Storage> f : pool.invokeAll(opens)) {
                stores.add(f.get());
            }
            try {
                List<Future<?>> inserts = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    Storage node = stores.get(i % nodes);
                    String id = "resp_" + i;
                    inserts.add(pool.submit(() -> node.responses()
                            .insert(new StoredResponse(id, "completed", 100, Optional.empty(), false, true, "{}"))));
                }
                for (Future<?> f : inserts) {
                    f.get();
                }
                Page<StoredResponse> all =
                        stores.getFirst().responses().list(Optional.empty(), Optional.empty(), 100, Order.ASC);
                assertThat(all.data()).hasSize(40);
                assertThat(all.data().stream().map(StoredResponse::id).distinct())
                        .hasSize(40);
                assertThat(stores.get(1).responses().list(Optional.empty(), Optional.empty(), 100, Order.ASC))
                        .isEqualTo(all);
            } finally {
                stores.forEach(Storage::close);
            }
        }
    }

    @Test
    void anUnreachableDatabaseIsAClearErrorWithoutThePassword() {
        int closed = PeerProcess.freePort();
        assertThatThrownBy(() -> Storage.openPostgres(
                        "jdbc:postgresql://127.0.0.1:" + closed + "/easel?connectTimeout=2",
                        "easel",
                        Optional.of("hunter2-secret"),
                        2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:" + closed)
                .hasMessageNotContaining("hunter2-secret");
        assertThatThrownBy(() -> Storage.openPostgres(
                        "jdbc:postgresql://127.0.0.1:" + closed + "/easel?password=hunter2-secret&connectTimeout=2",
                        "easel",
                        Optional.empty(),
                        2))
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:" + closed + "/easel?…")
                .hasMessageNotContaining("hunter2-secret");
    }
}
