package dev.easel.tools.search;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which search provider Easel uses and how to reach it. The key is a secret: {@link #toString()}
 * never shows it.
 *
 * @param url the provider's API base ({@code http://searx.local:8888} for SearXNG; the public API
 *     for the others unless a proxy or mirror is set)
 */
public record SearchSettings(Provider provider, URI url, Optional<String> apiKey, Duration timeout) {
    /** The providers Easel speaks, with their public API bases. */
    public enum Provider {
        SEARXNG("SearXNG", null),
        BRAVE("Brave Search", "https://api.search.brave.com"),
        TAVILY("Tavily", "https://api.tavily.com"),
        EXA("Exa", "https://api.exa.ai");

        final String label;
        final String defaultUrl;

        Provider(String label, String defaultUrl) {
            this.label = label;
            this.defaultUrl = defaultUrl;
        }

        public Optional<URI> defaultUrl() {
            return Optional.ofNullable(defaultUrl).map(URI::create);
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the accepted values */
        public static Provider parse(String text) {
            for (Provider p : values()) {
                if (p.wire().equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            throw new IllegalArgumentException("must be one of searxng, brave, tavily, exa; got '" + text + "'");
        }
    }

    public SearchSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String toString() {
        return "SearchSettings[provider=" + provider.wire() + ", url=" + url + ", apiKey="
                + (apiKey.isPresent() ? "(set)" : "(none)") + ", timeout=" + timeout + "]";
    }
}
