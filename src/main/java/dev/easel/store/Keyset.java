package dev.easel.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Keyset pagination over a listing sorted by a unique key: the comparisons and sort directions to put in SQL, and
 * the page made from the rows fetched. A page is fetched with one row more than asked for, to tell has_more.
 */
final class Keyset {
    private Keyset() {}

    static void check(int limit, int max, Order order) {
        if (limit < 1 || limit > max) {
            throw new IllegalArgumentException("limit must be between 1 and " + max + ", was " + limit);
        }
        if (order == null) {
            throw new IllegalArgumentException("order must be asc or desc");
        }
    }

    /** The comparison that selects keys after a cursor in a listing of this order. */
    static String after(Order order) {
        return order == Order.ASC ? ">" : "<";
    }

    /** The comparison that selects keys before a cursor in a listing of this order. */
    static String before(Order order) {
        return order == Order.ASC ? "<" : ">";
    }

    /** The SQL sort direction; a page taken backwards from a {@code before} cursor is fetched reversed. */
    static String direction(Order order, boolean reversed) {
        return (order == Order.ASC) != reversed ? "ASC" : "DESC";
    }

    /** The page from up to {@code limit + 1} rows fetched in SQL order; reversed rows are put back in order. */
    static <T> Page<T> page(List<T> rows, int limit, boolean reversed) {
        List<T> data = new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())));
        if (reversed) {
            Collections.reverse(data);
        }
        return new Page<>(data, rows.size() > limit);
    }
}
