package dev.easel.store;

import java.util.List;

/**
 * The nodes that share the store and the response runs each holds. A node beats while it runs; a run whose node
 * stopped beating, left, or started again (a node of the same name that is not it) is abandoned, and any node
 * takes it over to end it. Times in milliseconds since the epoch. Thread-safe.
 */
public interface NodeRepository {
    /** Node {@code id} is alive at {@code now}: its row is made, or its heartbeat moved. */
    void beat(String id, String name, String role, long startedAt, long now);

    /** Node {@code id} stops: its row goes, so its runs (if any are left) are abandoned at once. */
    void leave(String id);

    /** Node {@code node} runs this response from now on. */
    void claim(String responseId, String node);

    /** The run of this response ended; nobody holds it any more. */
    void release(String responseId);

    /** Asks the node running this response to cancel it; false when no node runs it. */
    boolean requestCancel(String responseId);

    /** The responses node {@code node} runs that some node asked to cancel. */
    List<String> cancelRequested(String node);

    /**
     * Takes over the abandoned runs, and the unfinished or {@code store: false} responses no node holds (a
     * {@code store: false} response stays held until it is deleted): each returned one is held by
     * {@code self} from now on, which must end it and then {@link #release} it. Two nodes never take over the
     * same run. Nodes not beating since {@code cutoff}, and earlier starts of {@code name}, are forgotten.
     */
    List<String> takeOverAbandoned(String self, String name, long cutoff);
}
