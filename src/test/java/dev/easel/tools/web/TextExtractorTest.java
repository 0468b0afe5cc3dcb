package dev.easel.tools.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class TextExtractorTest {
    private static TextExtractor.Extract html(String html, int maxChars) {
        return TextExtractor.html(Jsoup.parse(html, "http://example.com/"), maxChars);
    }

    @Test
    void withoutArticleOrMainTheDensestBlockWins() {
        String html = "<html><body>"
                + "<div id=menu-wrap><p><a href=/a>Home</a> <a href=/b>Products and services for everyone</a></p></div>"
                + "<div class=links><p><a href=/c>A long list of links that is all links and nothing else</a></p></div>"
                + "<div class=story>"
                + "<p>The first paragraph of the story is long enough to count as real text.</p>"
                + "<p>The second paragraph of the story, again with enough words to be counted.</p>"
                + "</div>"
                + "<div class=tail><p>Short bit.</p></div>"
                + "</body></html>";

        TextExtractor.Extract extract = html(html, 10_000);

        assertThat(extract.text())
                .isEqualTo("The first paragraph of the story is long enough to count as real text.\n\n"
                        + "The second paragraph of the story, again with enough words to be counted.");
        assertThat(extract.title()).isEmpty();
    }

    @Test
    void mainIsPreferredAndTheTitleFallsBackToTheFirstHeading() {
        String html = "<body><div><p>Outside main, a paragraph that is quite long indeed, longer than main.</p>"
                + "<p>And another one outside main that is also rather long, to outweigh it.</p></div>"
                + "<main><h1>Heading  one</h1><p>Inside main.</p></main></body>";

        TextExtractor.Extract extract = html(html, 10_000);

        assertThat(extract.title()).isEqualTo("Heading one");
        assertThat(extract.text()).isEqualTo("Heading one\n\nInside main.");
        assertThat(extract.snippets()).isEmpty();
    }

    @Test
    void furnitureIsMatchedByWholeClassWordsOnly() {
        String html = "<article><div class=thread-head><p>Kept: head is not ad.</p></div>"
                + "<div class=\"ad-slot\"><p>Dropped advert.</p></div>"
                + "<div id=readme><p>Kept: readme is not ad either.</p></div>"
                + "<p hidden>Dropped hidden.</p></article>";

        assertThat(html(html, 10_000).text()).isEqualTo("Kept: head is not ad.\n\nKept: readme is not ad either.");
    }

    @Test
    void nestedBlocksCountOnceAndTheTextIsCappedAtAWord() {
        String html = "<article><ul><li><p>One item, with a paragraph inside</p></li></ul>" + "<p>"
                + "word ".repeat(100) + "</p></article>";

        TextExtractor.Extract extract = html(html, 100);

        assertThat(extract.text())
                .startsWith("One item, with a paragraph inside\n\nword word")
                .endsWith("word…");
        assertThat(extract.text().length()).isLessThanOrEqualTo(100);
        assertThat(extract.snippets().getLast()).hasSizeLessThanOrEqualTo(TextExtractor.SNIPPET_CHARS);
    }

    @Test
    void capNeverSplitsASurrogatePair() {
        String capped = TextExtractor.cap("a".repeat(8) + "\ud83c\udf0a" + "b".repeat(10), 10);

        assertThat(capped).isEqualTo("a".repeat(8) + "…");
    }
}
