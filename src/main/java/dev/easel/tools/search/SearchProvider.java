package dev.easel.tools.search;

import java.util.List;

/**
 * A web search engine: SearXNG (self-hosted), Brave Search, Tavily or Exa, chosen in
 * configuration. Implementations are thread-safe and never log or show their key.
 */
public interface SearchProvider {
    /** The provider's name, for messages ("SearXNG"). */
    String name();

    /**
     * Searches; the results are already filtered to the query's allowed domains, at most
     * {@code query.count()} of them, possibly none.
     */
    List<SearchResult> search(SearchQuery query) throws SearchException, InterruptedException;
}
