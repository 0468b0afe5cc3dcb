package dev.easel.tools.mcp;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One remote MCP server to connect to: its URL (the Streamable HTTP endpoint such as
 * {@code https://host/mcp}, or a legacy SSE endpoint such as {@code https://host/sse}), an optional
 * bearer token sent as {@code Authorization: Bearer …} on every request, extra headers, and the
 * timeouts.
 *
 * <p>The token and the header values are secrets (OpenAI never stores or echoes them): {@link
 * #toString()} shows only header names, and nothing in this package puts them into messages or logs.
 */
public record McpServerSettings(
        String url, Optional<String> bearerToken, Map<String, String> headers, McpTimeouts timeouts) {
    /** Headers the transport or HTTP itself owns; setting them by hand would break the exchange or smuggle auth. */
    private static final Set<String> RESERVED = Set.of(
            "host",
            "content-length",
            "connection",
            "transfer-encoding",
            "upgrade",
            "expect",
            "accept",
            "content-type",
            "mcp-session-id",
            "mcp-protocol-version",
            "last-event-id");

    public McpServerSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(timeouts, "timeouts");
        bearerToken.ifPresent(token -> {
            if (token.isBlank() || !printable(token)) {
                throw new IllegalArgumentException("the bearer token must be non-blank printable ASCII");
            }
        });
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> {
            Objects.requireNonNull(value, "header value");
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new IllegalArgumentException("\"" + name + "\" is not a valid HTTP header name");
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("the header " + name + " is set by the MCP transport itself");
            }
            if (name.equalsIgnoreCase("authorization") && bearerToken.isPresent()) {
                throw new IllegalArgumentException("give either a bearer token or an Authorization header, not both");
            }
            if (!printable(value)) {
                throw new IllegalArgumentException("the value of header " + name + " has control characters");
            }
            if (copy.put(name, value) != null) {
                throw new IllegalArgumentException("the header " + name + " is given twice");
            }
        });
        headers = java.util.Collections.unmodifiableMap(copy);
    }

    /** A server without token or extra headers, with the default timeouts. */
    public static McpServerSettings of(String url) {
        return new McpServerSettings(url, Optional.empty(), Map.of(), McpTimeouts.defaults());
    }

    public McpServerSettings withBearerToken(String token) {
        return new McpServerSettings(url, Optional.of(token), headers, timeouts);
    }

    public McpServerSettings withTimeouts(McpTimeouts newTimeouts) {
        return new McpServerSettings(url, bearerToken, headers, newTimeouts);
    }

    /** The values that must never be shown: the token and every header value. */
    Set<String> secrets() {
        java.util.HashSet<String> secrets = new java.util.HashSet<>(headers.values());
        bearerToken.ifPresent(secrets::add);
        secrets.removeIf(String::isEmpty);
        return Set.copyOf(secrets);
    }

    @Override
    public String toString() {
        return "McpServerSettings[url=" + url + ", bearerToken=" + (bearerToken.isPresent() ? "(set)" : "(none)")
                + ", headers=" + headers.keySet() + ", timeouts=" + timeouts + "]";
    }

    private static boolean printable(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\t');
    }
}
