package dev.easel.store;

/** Listing order, as OpenAI's {@code order} parameter. */
public enum Order {
    ASC,
    DESC
}
