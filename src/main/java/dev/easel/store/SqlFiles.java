package dev.easel.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** File metadata in SQL, listed by created_at, files of one second in the order they were inserted ({@code seq}). */
final class SqlFiles implements FileRepository {
    private static final String COLUMNS = "id, filename, purpose, bytes, created_at, blob_name, owner";
    private static final int MAX_LIMIT = 10_000;
    private final Jdbi jdbi;
    private final Dialect dialect;

    SqlFiles(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    @Override
    public void insert(StoredFile file) {
        int inserted = jdbi.withHandle(h -> h.createUpdate("INSERT INTO files (" + COLUMNS + ", seq)"
                        + " VALUES (:id, :filename, :purpose, :bytes, :createdAt, :blobName, :owner,"
                        + " " + dialect.nextSeq("files") + ")"
                        + " ON CONFLICT (id) DO NOTHING")
                .bind("id", file.id())
                .bind("filename", file.filename())
                .bind("purpose", file.purpose())
                .bind("bytes", file.bytes())
                .bind("createdAt", file.createdAt())
                .bind("blobName", file.blobName())
                .bind("owner", file.owner())
                .execute());
        if (inserted == 0) {
            throw new IllegalStateException("file " + file.id() + " exists");
        }
    }

    @Override
    public Optional<StoredFile> find(String id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    @Override
    public Page<StoredFile> list(
            Optional<String> owner, Optional<String> purpose, Optional<String> after, int limit, Order order) {
        Keyset.check(limit, MAX_LIMIT, order);
        return jdbi.withHandle(h -> {
            Optional<StoredFile> cursor = after.map(id -> find(h, id)
                    .filter(f -> owner.isEmpty() || owner.get().equals(f.owner()))
                    .orElseThrow(() -> new UnknownCursorException("after", id)));
            Optional<Long> cursorSeq = cursor.map(c -> h.createQuery("SELECT seq FROM files WHERE id = :id")
                    .bind("id", c.id())
                    .mapTo(Long.class)
                    .one());
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM files WHERE 1 = 1");
            owner.ifPresent(o -> sql.append(" AND owner = :owner"));
            purpose.ifPresent(p -> sql.append(" AND purpose = :purpose"));
            cursor.ifPresent(c -> sql.append(" AND (created_at, seq) ")
                    .append(Keyset.after(order))
                    .append(" (:afterCreatedAt, :afterSeq)"));
            String direction = Keyset.direction(order, false);
            sql.append(" ORDER BY created_at ")
                    .append(direction)
                    .append(", seq ")
                    .append(direction)
                    .append(" LIMIT :n");
            Query query = h.createQuery(sql.toString()).bind("n", limit + 1);
            owner.ifPresent(o -> query.bind("owner", o));
            purpose.ifPresent(p -> query.bind("purpose", p));
            cursor.ifPresent(c -> query.bind("afterCreatedAt", c.createdAt()).bind("afterSeq", cursorSeq.get()));
            return Keyset.page(query.map(SqlFiles::row).list(), limit, false);
        });
    }

    @Override
    public long storedBytes(String owner) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(bytes), 0) FROM files WHERE owner = :owner")
                .bind("owner", owner)
                .mapTo(Long.class)
                .one());
    }

    @Override
    public boolean delete(String id) {
        return jdbi.withHandle(h -> h.execute("DELETE FROM files WHERE id = ?", id)) > 0;
    }

    private static Optional<StoredFile> find(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM files WHERE id = :id")
                .bind("id", id)
                .map(SqlFiles::row)
                .findOne();
    }

    private static StoredFile row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredFile(
                rs.getString("id"),
                rs.getString("filename"),
                rs.getString("purpose"),
                rs.getLong("bytes"),
                rs.getLong("created_at"),
                rs.getString("blob_name"),
                rs.getString("owner"));
    }
}
