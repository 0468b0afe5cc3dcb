package dev.easel.engine.pull;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Objects;

/**
 * A response after redirects, with its body not yet read. Closing it abandons the body.
 *
 * @param uri the URL that finally answered (a CDN URL for LFS files)
 */
record HubResponse(URI uri, int status, HttpHeaders headers, BodyStream body) implements AutoCloseable {

    HubResponse {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    @Override
    public void close() {
        body.close();
    }
}
