package dev.easel.engine.pull;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to talk to a Hugging Face Hub.
 *
 * @param endpoint absolute http(s) URI of the hub, without query or fragment; a trailing slash is
 *     dropped so URLs can be built by appending paths (mirrors under a path prefix work)
 * @param token access token sent as {@code Authorization: Bearer} to the endpoint's origin only;
 *     never printed ({@link #toString()} redacts it)
 * @param timeout connect timeout, time allowed for response headers, and the longest a download may
 *     stall without receiving a byte before it is retried
 */
public record HubSettings(URI endpoint, Optional<String> token, Duration timeout) {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public HubSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(timeout, "timeout");
        endpoint = normalize(endpoint);
        token = token.map(String::strip).filter(t -> !t.isEmpty());
        if (token.isPresent() && token.get().chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            // Checked here so a pasted token with a newline cannot inject headers; the value is not echoed.
            throw new IllegalArgumentException("hub token contains whitespace or non-ASCII characters");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** The same settings talking to another hub. */
    public HubSettings withEndpoint(URI newEndpoint) {
        return new HubSettings(newEndpoint, token, timeout);
    }

    /** Parses a user-supplied endpoint, rejecting anything that is not an absolute http(s) URL. */
    public static URI parseEndpoint(String text) {
        try {
            return normalize(new URI(text.strip()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("invalid hub endpoint '" + text + "': " + e.getReason());
        }
    }

    private static URI normalize(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
            throw new IllegalArgumentException("hub endpoint must be an absolute http(s) URL, got '" + endpoint + "'");
        }
        if (endpoint.getRawUserInfo() != null) {
            // Not echoed: user info is a credential.
            throw new IllegalArgumentException("hub endpoint must not carry user info; set hub.token (HF_TOKEN)");
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw new IllegalArgumentException("hub endpoint must not carry a query or a fragment: '" + endpoint + "'");
        }
        String text = endpoint.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    @Override
    public String toString() {
        return "HubSettings[endpoint=" + endpoint + ", token=" + (token.isPresent() ? "<redacted>" : "<none>")
                + ", timeout=" + timeout + "]";
    }
}
