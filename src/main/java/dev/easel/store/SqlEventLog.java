package dev.easel.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The event log in SQL, with a {@link LiveLog} per response that is open or followed. Events are stored before
 * followers hear of them, and a log's finished mark is stored before followers are told, so a follower that reads
 * the database after seeing either misses nothing.
 *
 * <p>On a store that several nodes share, another node may append to a log (a node taking over a run whose node
 * died ends it) or finish it: then each append first reads the last sequence number stored, and followers that
 * have caught up look at the database every {@link #SHARED_POLL} as well as being woken by this node's appends;
 * with {@link LogSignals}, other nodes' changes wake them too, and they look only every {@link #SIGNALLED_POLL}.
 *
 * <p>Locks: a live log's lock is taken before a database write lock, never after; the map's own locking (while a
 * live log is loaded) takes no live log's lock.
 */
final class SqlEventLog implements EventLog {
    /** How often a caught-up follower on a shared store looks for other nodes' events. */
    static final Duration SHARED_POLL = Duration.ofMillis(250);
    /** The same with the other nodes' change notices ({@link LogSignals}): in case one was lost. */
    static final Duration SIGNALLED_POLL = Duration.ofSeconds(2);

    private final Jdbi jdbi;
    private final boolean shared;
    private final Map<String, LiveLog> live = new ConcurrentHashMap<>();
    private volatile Optional<LogSignals> signals = Optional.empty();

    SqlEventLog(Jdbi jdbi, boolean shared) {
        this.jdbi = jdbi;
        this.shared = shared;
    }

    @Override
    public void signal(LogSignals signals) {
        if (shared) {
            signals.listen(this::changedElsewhere);
            this.signals = Optional.of(signals);
        }
    }

    /** Another node changed this log: its followers here catch up now. */
    private void changedElsewhere(String responseId) {
        LiveLog log = live.get(responseId);
        if (log == null) {
            return; // nobody follows it here
        }
        log.lock.lock();
        try {
            catchUp(log);
        } finally {
            log.lock.unlock();
        }
    }

    @Override
    public StoredEvent append(String responseId, String type, LongFunction<String> render) {
        LiveLog log = live(responseId);
        log.lock.lock();
        try {
            if (shared) {
                catchUp(log);
            }
            if (log.finished) {
                throw new IllegalStateException("the event log of " + responseId + " is finished");
            }
            long seq = log.lastSeq + 1;
            StoredEvent event = new StoredEvent(responseId, seq, type, render.apply(seq));
            jdbi.useHandle(h -> h.execute(
                    "INSERT INTO events (response_id, seq, type, json) VALUES (?, ?, ?, ?)",
                    responseId,
                    seq,
                    event.type(),
                    event.json()));
            log.lastSeq = seq;
            log.changed.signalAll();
            signals.ifPresent(s -> s.changed(responseId));
            return event;
        } finally {
            log.lock.unlock();
        }
    }

    @Override
    public List<StoredEvent> after(String responseId, long startingAfter) {
        return batch(responseId, startingAfter, Integer.MAX_VALUE);
    }

    @Override
    public EventCursor follow(String responseId, long startingAfter) {
        LiveLog log = live(responseId);
        log.lock.lock();
        try {
            log.cursors++;
        } finally {
            log.lock.unlock();
        }
        return new LogCursor(this, log, startingAfter);
    }

    @Override
    public void finish(String responseId) {
        LiveLog log = live(responseId);
        log.lock.lock();
        try {
            if (!log.finished) {
                jdbi.useHandle(h -> markFinished(h, responseId));
                end(log);
                signals.ifPresent(s -> s.changed(responseId));
            }
        } finally {
            log.lock.unlock();
        }
    }

    @Override
    public void discard(String responseId) {
        closeWith(responseId, h -> true);
    }

    /**
     * Under the response's append lock and in one transaction: runs {@code work}, and if it returns true, deletes
     * the response's events and marks its log finished. Returns what {@code work} returned.
     */
    boolean closeWith(String responseId, Predicate<Handle> work) {
        LiveLog log = live(responseId);
        log.lock.lock();
        try {
            boolean closed = jdbi.inTransaction(h -> {
                if (!work.test(h)) {
                    return false;
                }
                h.execute("DELETE FROM events WHERE response_id = ?", responseId);
                markFinished(h, responseId);
                return true;
            });
            if (closed) {
                end(log);
                signals.ifPresent(s -> s.changed(responseId));
            }
            return closed;
        } finally {
            log.lock.unlock();
        }
    }

    /** Up to {@code limit} events after {@code startingAfter}, in order. */
    List<StoredEvent> batch(String responseId, long startingAfter, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT seq, type, json FROM events"
                        + " WHERE response_id = :id AND seq > :after ORDER BY seq LIMIT :limit")
                .bind("id", responseId)
                .bind("after", startingAfter)
                .bind("limit", limit)
                .map((rs, ctx) ->
                        new StoredEvent(responseId, rs.getLong("seq"), rs.getString("type"), rs.getString("json")))
                .list());
    }

    /** Whether the log is finished; on a shared store, also when another node finished it. */
    boolean isFinished(LiveLog log) {
        if (log.isFinished()) {
            return true;
        }
        if (!shared) {
            return false;
        }
        log.lock.lock();
        try {
            catchUp(log);
            return log.finished;
        } finally {
            log.lock.unlock();
        }
    }

    /** How long a caught-up follower waits for this node's appends before it looks again ({@code 0}: forever). */
    long pollNanos() {
        return !shared ? 0 : signals.isPresent() ? SIGNALLED_POLL.toNanos() : SHARED_POLL.toNanos();
    }

    /** Caller holds the log's lock: takes in what other nodes stored. */
    private void catchUp(LiveLog log) {
        LiveLog stored = load(log.responseId);
        if (stored.lastSeq > log.lastSeq) {
            log.lastSeq = stored.lastSeq;
            log.changed.signalAll();
        }
        if (stored.finished && !log.finished) {
            log.finished = true;
            log.changed.signalAll();
        }
    }

    /** A cursor on this log is closed. */
    void release(LiveLog log) {
        log.lock.lock();
        try {
            log.cursors--;
            dropIfIdle(log);
        } finally {
            log.lock.unlock();
        }
    }

    /** How many live logs are held in memory. */
    int liveCount() {
        return live.size();
    }

    private LiveLog live(String responseId) {
        return live.computeIfAbsent(responseId, this::load);
    }

    private LiveLog load(String responseId) {
        return jdbi.withHandle(h -> new LiveLog(
                responseId,
                h.createQuery("SELECT COALESCE(MAX(seq), -1) FROM events WHERE response_id = :id")
                        .bind("id", responseId)
                        .mapTo(Long.class)
                        .one(),
                h.createQuery("SELECT COUNT(*) FROM finished_logs WHERE response_id = :id")
                                .bind("id", responseId)
                                .mapTo(Integer.class)
                                .one()
                        > 0));
    }

    private static void markFinished(Handle h, String responseId) {
        h.execute(
                "INSERT INTO finished_logs (response_id) VALUES (?) ON CONFLICT (response_id) DO NOTHING", responseId);
    }

    /** Caller holds the log's lock and has stored the finished mark. */
    private void end(LiveLog log) {
        log.finished = true;
        log.changed.signalAll();
        dropIfIdle(log);
    }

    /**
     * Caller holds the log's lock. Dropping a finished log is safe: whoever loads it again reads the finished mark,
     * and whoever still holds it sees {@code finished}.
     */
    private void dropIfIdle(LiveLog log) {
        if (log.finished && log.cursors == 0) {
            live.remove(log.responseId, log);
        }
    }
}
