package dev.easel.engine.convert;

import java.io.IOException;

/** The model file is not a well-formed ONNX model, or its external data does not match its graph. */
public final class InvalidModelException extends IOException {
    private static final long serialVersionUID = 1L;

    InvalidModelException(String message) {
        super(message);
    }

    InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
