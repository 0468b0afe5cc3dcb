package dev.easel.tools.planner;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach an OpenAI-compatible Chat Completions endpoint.
 *
 * @param baseUrl absolute http(s) URL up to and including the API version, e.g.
 *     {@code http://localhost:11434/v1}; {@code /chat/completions} is appended. A trailing slash is
 *     dropped; user info, query and fragment are refused (user info would be a secret in a URL
 *     that error messages print)
 * @param model the model name sent with every request
 * @param apiKey sent as {@code Authorization: Bearer}; never printed ({@link #toString()} omits it)
 * @param timeout the longest one round may take, from sending the request to the last byte of the answer
 */
public record PlannerSettings(URI baseUrl, String model, Optional<String> apiKey, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public PlannerSettings {
        baseUrl = normalize(Objects.requireNonNull(baseUrl, "baseUrl"));
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("planner model must not be blank");
        }
        model = model.strip();
        apiKey = Objects.requireNonNull(apiKey, "apiKey").map(String::strip).filter(k -> !k.isEmpty());
        if (apiKey.isPresent() && apiKey.get().chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            // Checked so a pasted key with a newline cannot inject headers; the value is not echoed.
            throw new IllegalArgumentException("planner API key contains whitespace or non-ASCII characters");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("planner timeout must be positive, got " + timeout);
        }
    }

    /**
     * Parses an operator-supplied base URL as the constructor would accept it.
     *
     * @throws IllegalArgumentException saying what is wrong without echoing the URL, which may hold a secret
     */
    public static URI parseBaseUrl(String text) {
        try {
            return normalize(new URI(text.strip()));
        } catch (URISyntaxException e) {
            // No cause attached: a URISyntaxException carries the whole URL, which may hold a secret.
            throw new IllegalArgumentException("planner URL is not a URL: " + e.getReason());
        }
    }

    /** The endpoint this talks to, for messages: scheme, host and port only. */
    String origin() {
        String port = baseUrl.getPort() < 0 ? "" : ":" + baseUrl.getPort();
        return baseUrl.getScheme() + "://" + baseUrl.getHost() + port;
    }

    @Override
    public String toString() {
        return "PlannerSettings[baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
                + (apiKey.isPresent() ? "(set)" : "(none)") + ", timeout=" + timeout + "]";
    }

    private static URI normalize(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            // The URL is not echoed: a malformed one might still carry credentials.
            throw new IllegalArgumentException("planner URL must be an absolute http(s) URL with a host");
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("planner URL must not carry user info, a query or a fragment");
        }
        String text = url.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }
}
