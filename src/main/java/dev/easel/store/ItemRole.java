package dev.easel.store;

/** Whether an item was part of a response's input or of its output. */
public enum ItemRole {
    INPUT,
    OUTPUT
}
