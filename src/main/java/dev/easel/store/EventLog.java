package dev.easel.store;

import java.util.List;
import java.util.function.LongFunction;

/**
 * Per-response append-only event log, the one source of a response's stream, its replays and its background
 * progress. Sequence numbers start at 0 and increase by 1 per event of a response. Thread-safe; appends for one
 * response are serialized, appends for different responses run in parallel. A log is open until
 * {@link #finish} (or {@link #discard}, or the response's deletion) closes it for good, also across restarts.
 */
public interface EventLog {
    /**
     * Appends an event. {@code render} receives the assigned sequence number and returns the event JSON (which
     * embeds it); it runs under the response's append lock, so it must be quick and must not use this log.
     *
     * @return the stored event, visible to {@link #after} and followers once this returns
     * @throws IllegalStateException if the response's log is finished
     */
    StoredEvent append(String responseId, String type, LongFunction<String> render);

    /** Events with sequence_number greater than {@code startingAfter} (-1 for all), in order. */
    List<StoredEvent> after(String responseId, long startingAfter);

    /**
     * A cursor over the events after {@code startingAfter} (-1 for all): first those already stored, then new ones
     * as they are appended, woken at once by each append. After {@link #finish}, the cursor returns what remains
     * and then ends. On a log that is not finished (also one that has no events yet) the cursor waits.
     */
    EventCursor follow(String responseId, long startingAfter);

    /** No more events for this response (its terminal event is appended). Idempotent; wakes followers. */
    void finish(String responseId);

    /**
     * Drops the response's events and finishes its log (store=false responses after they end). Followers end
     * with whatever they had already received; later followers get nothing and end at once.
     */
    void discard(String responseId);

    /**
     * Connects this log to the other nodes' change notices (a shared store only): followers are then woken by
     * them, and this log's changes are announced. Without, a caught-up follower on a shared store looks at the
     * database every quarter second.
     */
    default void signal(LogSignals signals) {}
}
