package dev.easel.tools.planner;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
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
     * From {@code EASEL_PLANNER_URL}, {@code EASEL_PLANNER_MODEL}, {@code EASEL_PLANNER_API_KEY} and
     * {@code EASEL_PLANNER_TIMEOUT_SECONDS}; empty when {@code EASEL_PLANNER_URL} is unset or blank
     * (direct mode).
     *
     * @throws IllegalArgumentException naming the variable at fault, e.g. a URL without a model
     */
    public static Optional<PlannerSettings> fromEnvironment(Map<String, String> env) {
        String url = env.get("EASEL_PLANNER_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        URI baseUrl;
        try {
            baseUrl = normalize(new URI(url.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            String reason = e instanceof URISyntaxException syntax ? syntax.getReason() : e.getMessage();
            // No cause attached: a URISyntaxException carries the whole URL, which may hold a secret.
            throw new IllegalArgumentException("EASEL_PLANNER_URL: " + reason);
        }
        String model = env.get("EASEL_PLANNER_MODEL");
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException(
                    "EASEL_PLANNER_MODEL must name the planner model when EASEL_PLANNER_URL is set");
        }
        Duration timeout = DEFAULT_TIMEOUT;
        String seconds = env.get("EASEL_PLANNER_TIMEOUT_SECONDS");
        if (seconds != null && !seconds.isBlank()) {
            timeout = parseSeconds(seconds.strip());
        }
        try {
            Optional<String> apiKey = Optional.ofNullable(env.get("EASEL_PLANNER_API_KEY"));
            return Optional.of(new PlannerSettings(baseUrl, model, apiKey, timeout));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("EASEL_PLANNER_API_KEY: " + e.getMessage(), e);
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

    private static Duration parseSeconds(String text) {
        try {
            long seconds = Long.parseLong(text);
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(
                "EASEL_PLANNER_TIMEOUT_SECONDS must be a positive whole number, got '" + text + "'");
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
