package dev.easel.store;

import java.util.List;
import java.util.Optional;

/** Stored Responses. Implementations are thread-safe; each call is atomic. */
public interface ResponseRepository {
    /** @throws IllegalStateException if a response with this id exists */
    void insert(StoredResponse response);

    /**
     * Replaces the status and JSON of the response with this id; the other columns never change.
     *
     * @throws java.util.NoSuchElementException if there is none
     */
    void update(StoredResponse response);

    Optional<StoredResponse> find(String id);

    /**
     * Deletes the response with its items and its events, in one transaction, and finishes its event log: open
     * followers end, later appends fail. Returns whether the response existed; if not, nothing changes.
     */
    boolean delete(String id);

    /** Responses whose status is {@code queued} or {@code in_progress}, oldest first. */
    List<StoredResponse> unfinished();

    /**
     * The bytes the owner's responses keep (their JSON, items and events), as of each one's last
     * update: a response still running counts what it had when its status last changed.
     */
    long storedBytes(String owner);

    /** Responses whose previous_response_id is {@code id} (the branches from it), oldest first. */
    List<StoredResponse> children(String id);

    /**
     * One page of the stored responses ({@code store: true}), optionally only one owner's, listed in the order
     * they were made (or its reverse: {@code order}); {@code after} is an exclusive response-id cursor in that
     * listing and {@code hasMore} says whether responses follow the page.
     *
     * @throws IllegalArgumentException if limit is outside 1..100, or order is missing
     * @throws UnknownCursorException if the cursor is not a listed response (of that owner)
     */
    Page<StoredResponse> list(Optional<String> owner, Optional<String> after, int limit, Order order);
}
