package dev.easel.store;

/**
 * A paging cursor ({@code after}, {@code before}) that is not an entry of the listing it pages:
 * an unknown id, or the id of another response's item. The caller's input, not a fault of the
 * store, so the HTTP layer answers it as a 400 naming {@link #cursor()}.
 */
public final class UnknownCursorException extends IllegalArgumentException {
    private final String cursor;
    private final String id;

    public UnknownCursorException(String cursor, String id) {
        super(cursor + " cursor '" + id + "' is not in this listing");
        this.cursor = cursor;
        this.id = id;
    }

    /** The cursor's parameter name: {@code after} or {@code before}. */
    public String cursor() {
        return cursor;
    }

    /** The id the client gave. */
    public String id() {
        return id;
    }
}
