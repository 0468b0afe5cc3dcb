package dev.easel.store;

import java.util.List;
import java.util.Optional;

/** Input and output items of responses. Implementations are thread-safe; each call is atomic. */
public interface ItemRepository {
    /** @throws IllegalStateException if an item with this id exists */
    void insert(StoredItem item);

    /** Inserts the item, or replaces every column of the item with its id (output items change as they complete). */
    void upsert(StoredItem item);

    /** The response's items of this role, by position. */
    List<StoredItem> items(String responseId, ItemRole role);

    /** The item with this id, of whichever response (item references, image_generation_call ids). */
    Optional<StoredItem> find(String itemId);

    /**
     * One page of the response's items of this role, as OpenAI's {@code input_items}: listed by position in
     * {@code order}; {@code after} and {@code before} are exclusive item-id cursors in that listing. With
     * {@code before} alone the page is the {@code limit} items just before it; {@code hasMore} then says whether
     * items precede the page, otherwise whether items follow it.
     *
     * @throws IllegalArgumentException if limit is outside 1..100 or order is missing
     * @throws UnknownCursorException if a cursor is not an item of this response and role
     */
    Page<StoredItem> page(
            String responseId, ItemRole role, Optional<String> after, Optional<String> before, int limit, Order order);
}
