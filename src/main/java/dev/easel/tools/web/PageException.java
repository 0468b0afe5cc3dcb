package dev.easel.tools.web;

import java.util.Objects;

/** A page that could not be read, with the typed {@link PageFailure}; carries no stack of the fetch. */
public final class PageException extends Exception {
    private final PageFailure failure;

    PageException(PageFailure failure) {
        super(failure.message(), null, false, false);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public PageFailure failure() {
        return failure;
    }
}
