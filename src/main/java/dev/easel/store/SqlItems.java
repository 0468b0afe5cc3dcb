package dev.easel.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/** Items in SQL, listed by (position, id) so that equal positions still page deterministically. */
final class SqlItems implements ItemRepository {
    private static final String COLUMNS = "id, response_id, role, position, type, json";
    private static final String VALUES = " VALUES (:id, :responseId, :role, :position, :type, :json)";
    private static final int MAX_LIMIT = 100;
    private final Jdbi jdbi;

    SqlItems(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(StoredItem item) {
        int inserted = jdbi.withHandle(h -> bind(
                        h.createUpdate("INSERT INTO items (" + COLUMNS + ")" + VALUES + " ON CONFLICT (id) DO NOTHING"),
                        item)
                .execute());
        if (inserted == 0) {
            throw new IllegalStateException("item " + item.id() + " exists");
        }
    }

    @Override
    public void upsert(StoredItem item) {
        jdbi.useHandle(h -> bind(
                        h.createUpdate("INSERT INTO items (" + COLUMNS + ")" + VALUES
                                + " ON CONFLICT (id) DO UPDATE SET response_id = excluded.response_id, role = excluded.role,"
                                + " position = excluded.position, type = excluded.type, json = excluded.json"),
                        item)
                .execute());
    }

    @Override
    public List<StoredItem> items(String responseId, ItemRole role) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM items"
                        + " WHERE response_id = :responseId AND role = :role ORDER BY position, id")
                .bind("responseId", responseId)
                .bind("role", role.name())
                .map(SqlItems::row)
                .list());
    }

    @Override
    public Optional<StoredItem> find(String itemId) {
        return jdbi.withHandle(h -> find(h, itemId));
    }

    @Override
    public Page<StoredItem> page(
            String responseId, ItemRole role, Optional<String> after, Optional<String> before, int limit, Order order) {
        Keyset.check(limit, MAX_LIMIT, order);
        boolean reversed = before.isPresent() && after.isEmpty();
        return jdbi.withHandle(h -> {
            Optional<StoredItem> afterItem = cursor(h, "after", after, responseId, role);
            Optional<StoredItem> beforeItem = cursor(h, "before", before, responseId, role);
            StringBuilder sql = new StringBuilder(
                    "SELECT " + COLUMNS + " FROM items" + " WHERE response_id = :responseId AND role = :role");
            afterItem.ifPresent(c -> sql.append(" AND (position, id) ")
                    .append(Keyset.after(order))
                    .append(" (:afterPosition, :afterId)"));
            beforeItem.ifPresent(c -> sql.append(" AND (position, id) ")
                    .append(Keyset.before(order))
                    .append(" (:beforePosition, :beforeId)"));
            String direction = Keyset.direction(order, reversed);
            sql.append(" ORDER BY position ")
                    .append(direction)
                    .append(", id ")
                    .append(direction)
                    .append(" LIMIT :n");
            Query query = h.createQuery(sql.toString())
                    .bind("responseId", responseId)
                    .bind("role", role.name())
                    .bind("n", limit + 1);
            afterItem.ifPresent(c -> query.bind("afterPosition", c.position()).bind("afterId", c.id()));
            beforeItem.ifPresent(c -> query.bind("beforePosition", c.position()).bind("beforeId", c.id()));
            return Keyset.page(query.map(SqlItems::row).list(), limit, reversed);
        });
    }

    /** The cursor's item, which must belong to the listing. */
    private static Optional<StoredItem> cursor(
            Handle h, String name, Optional<String> id, String responseId, ItemRole role) {
        return id.map(itemId -> find(h, itemId)
                .filter(item -> item.responseId().equals(responseId) && item.role() == role)
                .orElseThrow(() -> new UnknownCursorException(name, itemId)));
    }

    private static Optional<StoredItem> find(Handle h, String itemId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM items WHERE id = :id")
                .bind("id", itemId)
                .map(SqlItems::row)
                .findOne();
    }

    private static Update bind(Update update, StoredItem item) {
        return update.bind("id", item.id())
                .bind("responseId", item.responseId())
                .bind("role", item.role().name())
                .bind("position", item.position())
                .bind("type", item.type())
                .bind("json", item.json());
    }

    private static StoredItem row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredItem(
                rs.getString("id"),
                rs.getString("response_id"),
                ItemRole.valueOf(rs.getString("role")),
                rs.getInt("position"),
                rs.getString("type"),
                rs.getString("json"));
    }
}
