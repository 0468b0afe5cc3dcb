package dev.easel.store;

import java.util.Optional;

/** Metadata of uploaded files. Implementations are thread-safe; each call is atomic. */
public interface FileRepository {
    /** @throws IllegalStateException if a file with this id exists */
    void insert(StoredFile file);

    Optional<StoredFile> find(String id);

    /**
     * One page of files, optionally only one owner's and of one purpose, listed by created_at (files of one second in the order they were inserted) in {@code order}; {@code after}
     * is an exclusive file-id cursor in that listing and {@code hasMore} says whether files follow the page.
     *
     * @throws IllegalArgumentException if limit is outside 1..10000 (OpenAI's range), or order is missing
     * @throws UnknownCursorException if the cursor is not a stored file (of that owner)
     */
    Page<StoredFile> list(
            Optional<String> owner, Optional<String> purpose, Optional<String> after, int limit, Order order);

    /** The bytes of the owner's files. */
    long storedBytes(String owner);

    /** Returns whether the file existed. The blob is the caller's to delete (FilesRoutes deletes it). */
    boolean delete(String id);
}
