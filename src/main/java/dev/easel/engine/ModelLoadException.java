package dev.easel.engine;

/** A model folder that cannot be used, with a message that says what is wrong and how to fix it. */
public final class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
