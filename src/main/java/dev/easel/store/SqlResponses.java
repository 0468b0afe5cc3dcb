package dev.easel.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** Responses in SQL; deletion goes through the event log, which closes the response's log in the same transaction. */
final class SqlResponses implements ResponseRepository {
    private static final String COLUMNS =
            "id, status, created_at, previous_response_id, background, store, json, owner";

    /** The most responses one page lists (as OpenAI's listings of stored objects). */
    static final int MAX_LIMIT = 100;

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final SqlEventLog events;
    /** A response's stored bytes: its JSON, its items' and its events'. */
    private final String bytes;

    SqlResponses(Jdbi jdbi, Dialect dialect, SqlEventLog events) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.events = events;
        this.bytes = dialect.octets(":json")
                + " + (SELECT COALESCE(SUM(" + dialect.octets("i.json")
                + "), 0) FROM items i WHERE i.response_id = :id)"
                + " + (SELECT COALESCE(SUM(" + dialect.octets("e.json")
                + "), 0) FROM events e WHERE e.response_id = :id)";
    }

    @Override
    public void insert(StoredResponse r) {
        int inserted = jdbi.withHandle(h -> h.createUpdate("INSERT INTO responses (" + COLUMNS
                        + ", seq) VALUES (:id, :status, :createdAt, :previous, :background, :store, :json, :owner,"
                        + " " + dialect.nextSeq("responses") + ")"
                        + " ON CONFLICT (id) DO NOTHING")
                .bind("id", r.id())
                .bind("status", r.status())
                .bind("createdAt", r.createdAt())
                .bind("previous", r.previousResponseId().orElse(null))
                .bind("background", r.background())
                .bind("store", r.store())
                .bind("json", r.json())
                .bind("owner", r.owner())
                .execute());
        if (inserted == 0) {
            throw new IllegalStateException("response " + r.id() + " exists");
        }
    }

    @Override
    public void update(StoredResponse r) {
        int updated = jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE responses SET status = :status, json = :json, bytes = " + bytes + " WHERE id = :id")
                .bind("id", r.id())
                .bind("status", r.status())
                .bind("json", r.json())
                .execute());
        if (updated == 0) {
            throw new NoSuchElementException("no response " + r.id());
        }
    }

    @Override
    public Optional<StoredResponse> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM responses WHERE id = :id")
                .bind("id", id)
                .map(SqlResponses::row)
                .findOne());
    }

    @Override
    public boolean delete(String id) {
        if (find(id).isEmpty()) {
            return false; // keeps unknown ids out of the event log's memory
        }
        return events.closeWith(id, h -> {
            boolean existed = h.execute("DELETE FROM responses WHERE id = ?", id) > 0;
            if (existed) {
                h.execute("DELETE FROM items WHERE response_id = ?", id);
            }
            return existed;
        });
    }

    @Override
    public List<StoredResponse> unfinished() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM responses"
                        + " WHERE status IN ('queued', 'in_progress') ORDER BY created_at, id")
                .map(SqlResponses::row)
                .list());
    }

    @Override
    public long storedBytes(String owner) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(bytes), 0) FROM responses WHERE owner = :owner")
                .bind("owner", owner)
                .mapTo(Long.class)
                .one());
    }

    @Override
    public List<StoredResponse> children(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM responses"
                        + " WHERE previous_response_id = :id ORDER BY created_at, id")
                .bind("id", id)
                .map(SqlResponses::row)
                .list());
    }

    /** Listed in the order they were made ({@code seq}: created_at has seconds only). */
    @Override
    public Page<StoredResponse> list(Optional<String> owner, Optional<String> after, int limit, Order order) {
        Keyset.check(limit, MAX_LIMIT, order);
        return jdbi.withHandle(h -> {
            Optional<Long> cursor = after.map(id -> h.createQuery("SELECT seq FROM responses WHERE id = :id AND store"
                            + (owner.isPresent() ? " AND owner = :owner" : ""))
                    .bind("id", id)
                    .bind("owner", owner.orElse(""))
                    .mapTo(Long.class)
                    .findOne()
                    .orElseThrow(() -> new UnknownCursorException("after", id)));
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM responses WHERE store");
            owner.ifPresent(o -> sql.append(" AND owner = :owner"));
            cursor.ifPresent(
                    c -> sql.append(" AND seq ").append(Keyset.after(order)).append(" :after"));
            sql.append(" ORDER BY seq ").append(Keyset.direction(order, false)).append(" LIMIT :n");
            Query query = h.createQuery(sql.toString()).bind("n", limit + 1);
            owner.ifPresent(o -> query.bind("owner", o));
            cursor.ifPresent(c -> query.bind("after", c));
            return Keyset.page(query.map(SqlResponses::row).list(), limit, false);
        });
    }

    private static StoredResponse row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredResponse(
                rs.getString("id"),
                rs.getString("status"),
                rs.getLong("created_at"),
                Optional.ofNullable(rs.getString("previous_response_id")),
                rs.getBoolean("background"),
                rs.getBoolean("store"),
                rs.getString("json"),
                rs.getString("owner"));
    }
}
