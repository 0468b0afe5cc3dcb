package dev.easel.engine.pull;

import java.io.IOException;

/** A failure that is worth another attempt although no I/O error occurred (HTTP 5xx, 429, a bad resume). */
final class RetryableIOException extends IOException {

    RetryableIOException(String message) {
        super(message);
    }
}
