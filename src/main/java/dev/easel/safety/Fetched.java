package dev.easel.safety;

import java.net.URI;
import java.util.Objects;

/**
 * A 2xx body. {@code finalUri} is where the last redirect led; {@code contentType} is the server's
 * header as sent, or {@code application/octet-stream} when it sent none (RFC 9110 §8.3). The body
 * array is handed over, not copied: the caller owns it.
 */
public record Fetched(URI finalUri, String contentType, byte[] body) {
    public Fetched {
        Objects.requireNonNull(finalUri, "finalUri");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }
}
