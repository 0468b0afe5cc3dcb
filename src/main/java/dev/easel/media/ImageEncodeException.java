package dev.easel.media;

/**
 * Encoding failed: a server-side fault (for example the native WebP library cannot load on this
 * platform), never the client's, so it is unchecked and maps to HTTP 500.
 */
public final class ImageEncodeException extends RuntimeException {
    ImageEncodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
