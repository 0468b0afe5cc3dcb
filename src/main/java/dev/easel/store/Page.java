package dev.easel.store;

import java.util.List;

/** One page of a cursor-paginated listing, in the order asked for; {@code hasMore} as OpenAI's {@code has_more}. */
public record Page<T>(List<T> data, boolean hasMore) {
    public Page {
        data = List.copyOf(data);
    }
}
