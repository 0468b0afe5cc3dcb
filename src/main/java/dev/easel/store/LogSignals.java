package dev.easel.store;

import java.util.function.Consumer;

/**
 * How the nodes on a shared store tell each other that a response's event log changed (an event appended, or the
 * log finished), so that a stream followed on one node wakes at once for another node's events instead of
 * looking at the database every {@link SqlEventLog#SHARED_POLL}. Only notices travel: the events are read from
 * the store, their record. A notice may be lost (followers still look now and then), never invented.
 */
public interface LogSignals {
    /** Tells the other nodes that {@code responseId}'s log changed. */
    void changed(String responseId);

    /** Where this node hears of the other nodes' changes: {@code onChange} gets the response's id. */
    void listen(Consumer<String> onChange);
}
