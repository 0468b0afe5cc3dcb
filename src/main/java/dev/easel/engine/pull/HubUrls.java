package dev.easel.engine.pull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/** The Hub's URL layout under one endpoint, and helpers for showing URLs safely. */
record HubUrls(URI endpoint) {

    HubUrls {
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** First page of the recursive file listing. */
    URI tree(RepoRevision at) {
        return URI.create(
                endpoint + "/api/models/" + at.repo() + "/tree/" + segment(at.revision()) + "?recursive=true");
    }

    /** Content of one file; the Hub answers LFS files with a redirect to its CDN. */
    URI resolve(RepoRevision at, String path) {
        StringBuilder url = new StringBuilder(endpoint + "/" + at.repo() + "/resolve/" + segment(at.revision()));
        for (String part : path.split("/", -1)) {
            url.append('/').append(segment(part));
        }
        return URI.create(url.toString());
    }

    /** Whether {@code uri} is served by the endpoint itself (the only place the token may go). */
    boolean isEndpointOrigin(URI uri) {
        return origin(uri).equals(origin(endpoint));
    }

    /**
     * The URL without query or fragment, for messages and logs: CDN redirects carry signed
     * credentials in the query that should not end up in terminals or log files.
     */
    static String redact(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority().replaceFirst("^.*@", "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, so '/' in a revision stays one segment. */
    static String segment(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
