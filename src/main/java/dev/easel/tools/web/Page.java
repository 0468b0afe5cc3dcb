package dev.easel.tools.web;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A web page read for grounding: where the last redirect led, its title (empty when it has none),
 * its main text (paragraphs separated by blank lines, whitespace collapsed, capped) and a few
 * leading paragraphs as snippets.
 */
public record Page(URI finalUrl, String title, String text, List<String> snippets) {
    public Page {
        Objects.requireNonNull(finalUrl, "finalUrl");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        snippets = List.copyOf(snippets);
    }

    /** Rough heap cost, for the cache's byte bound: two bytes a char plus a little per object. */
    long weight() {
        long chars = finalUrl.toString().length() + title.length() + text.length();
        for (String snippet : snippets) {
            chars += snippet.length();
        }
        return 2 * chars + 64L * (snippets.size() + 4);
    }
}
