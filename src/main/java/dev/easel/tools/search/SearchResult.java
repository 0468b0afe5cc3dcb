package dev.easel.tools.search;

import java.util.Objects;
import java.util.Optional;

/** One hit of a web search: its page, title and the provider's snippet. */
public record SearchResult(String title, String url, String snippet, Optional<String> published) {
    public SearchResult {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(snippet, "snippet");
        Objects.requireNonNull(published, "published");
    }
}
