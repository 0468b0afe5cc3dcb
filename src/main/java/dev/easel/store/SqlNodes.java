package dev.easel.store;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Nodes and runs in SQL (migration V7). A take-over moves each run with a conditional update, so only one wins. */
final class SqlNodes implements NodeRepository {
    private final Jdbi jdbi;

    SqlNodes(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void beat(String id, String name, String role, long startedAt, long now) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO nodes (id, name, role, started_at, heartbeat_at)"
                        + " VALUES (:id, :name, :role, :startedAt, :now)"
                        + " ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at")
                .bind("id", id)
                .bind("name", name)
                .bind("role", role)
                .bind("startedAt", startedAt)
                .bind("now", now)
                .execute());
    }

    @Override
    public void leave(String id) {
        jdbi.useHandle(h -> h.execute("DELETE FROM nodes WHERE id = ?", id));
    }

    @Override
    public void claim(String responseId, String node) {
        jdbi.useHandle(h -> h.execute(
                "INSERT INTO runs (response_id, node) VALUES (?, ?)"
                        + " ON CONFLICT (response_id) DO UPDATE SET node = excluded.node, cancel = FALSE",
                responseId,
                node));
    }

    @Override
    public void release(String responseId) {
        jdbi.useHandle(h -> h.execute("DELETE FROM runs WHERE response_id = ?", responseId));
    }

    @Override
    public boolean requestCancel(String responseId) {
        return jdbi.withHandle(h -> h.execute("UPDATE runs SET cancel = TRUE WHERE response_id = ?", responseId)) > 0;
    }

    @Override
    public List<String> cancelRequested(String node) {
        return jdbi.withHandle(h -> h.createQuery("SELECT response_id FROM runs WHERE node = :node AND cancel")
                .bind("node", node)
                .mapTo(String.class)
                .list());
    }

    @Override
    public List<String> takeOverAbandoned(String self, String name, long cutoff) {
        return jdbi.withHandle(h -> {
            List<String> taken = new ArrayList<>();
            record Held(String responseId, String node) {}
            List<Held> abandoned = h.createQuery("SELECT r.response_id, r.node FROM runs r"
                            + " LEFT JOIN nodes n ON n.id = r.node"
                            + " WHERE r.node <> :self AND (n.id IS NULL OR n.heartbeat_at < :cutoff OR n.name = :name)"
                            + " ORDER BY r.response_id")
                    .bind("self", self)
                    .bind("cutoff", cutoff)
                    .bind("name", name)
                    .map((rs, ctx) -> new Held(rs.getString("response_id"), rs.getString("node")))
                    .list();
            for (Held held : abandoned) {
                if (h.execute(
                                "UPDATE runs SET node = ?, cancel = FALSE WHERE response_id = ? AND node = ?",
                                self,
                                held.responseId(),
                                held.node())
                        == 1) {
                    taken.add(held.responseId());
                }
            }
            // Every response is claimed before its row is written, and a store: false one is released only once it
            // is deleted: one without a claim was left by a node that stopped between the two, or before nodes.
            List<String> unheld = h.createQuery("SELECT id FROM responses"
                            + " WHERE (status IN ('queued', 'in_progress') OR NOT store)"
                            + " AND id NOT IN (SELECT response_id FROM runs) ORDER BY created_at, id")
                    .mapTo(String.class)
                    .list();
            for (String id : unheld) {
                if (h.execute(
                                "INSERT INTO runs (response_id, node) VALUES (?, ?) ON CONFLICT (response_id) DO NOTHING",
                                id,
                                self)
                        == 1) {
                    taken.add(id);
                }
            }
            h.execute("DELETE FROM nodes WHERE id <> ? AND (heartbeat_at < ? OR name = ?)", self, cutoff, name);
            return taken;
        });
    }
}
