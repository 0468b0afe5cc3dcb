package dev.easel.tools.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class TextExtractorTest {
    private static TextExtractor.Extract html(String html, int maxChars) {
        return TextExtractor.html(Jsoup.parse(html, "http://example.com/"), maxChars);
    }

    private static TextExtractor.Extract heuristic(String html) {
        return TextExtractor.heuristic(Jsoup.parse(html, "http://example.com/"), 10_000);
    }

    /** A news page as sites make them: Readability finds the story among menus, teasers and comments. */
    @Test
    void readabilityFindsTheStoryOfARealisticPage() {
        String story = "<p>The city council approved the new tram line on Tuesday, after two years of debate"
                + " about its route through the old town.</p>"
                + "<p>Construction starts in March and the first trams should run in 2029, the mayor said,"
                + " adding that the budget of 420 million euros is secured.</p>"
                + "<p>Opponents, who wanted a bus line instead, said they would not appeal the decision.</p>";
        String html = "<html><head><title>Tram line approved - City News</title></head><body>"
                + "<div class=top><a href=/>City News</a> <a href=/sport>Sport</a> <a href=/weather>Weather</a></div>"
                + "<div class=wrapper><div class=content><h2>Tram line approved</h2>" + story + "</div>"
                + "<div class=teasers><a href=/1>Ten things to do this weekend</a><a href=/2>Top recipes</a></div>"
                + "<div class=comments><p>Great news!!! I have waited for this for so long, finally.</p></div>"
                + "</div></body></html>";

        TextExtractor.Extract extract = html(html, 10_000);

        assertThat(extract.title()).isEqualTo("Tram line approved - City News");
        assertThat(extract.text())
                .contains("The city council approved the new tram line on Tuesday")
                .contains("420 million euros")
                .doesNotContain("Sport")
                .doesNotContain("Top recipes")
                .doesNotContain("Great news");
    }

    @Test
    void withoutArticleOrMainTheFallbackTakesTheDensestBlock() {
        String html = "<html><body>"
                + "<div id=menu-wrap><p><a href=/a>Home</a> <a href=/b>Products and services for everyone</a></p></div>"
                + "<div class=links><p><a href=/c>A long list of links that is all links and nothing else</a></p></div>"
                + "<div class=story>"
                + "<p>The first paragraph of the story is long enough to count as real text.</p>"
                + "<p>The second paragraph of the story, again with enough words to be counted.</p>"
                + "</div>"
                + "<div class=tail><p>Short bit.</p></div>"
                + "</body></html>";

        TextExtractor.Extract extract = heuristic(html);

        assertThat(extract.text())
                .isEqualTo("The first paragraph of the story is long enough to count as real text.\n\n"
                        + "The second paragraph of the story, again with enough words to be counted.");
        assertThat(extract.title()).isEmpty();
    }

    @Test
    void theFallbackPrefersMainAndTheTitleFallsBackToTheFirstHeading() {
        String html = "<body><div><p>Outside main, a paragraph that is quite long indeed, longer than main.</p>"
                + "<p>And another one outside main that is also rather long, to outweigh it.</p></div>"
                + "<main><h1>Heading  one</h1><p>Inside main.</p></main></body>";

        TextExtractor.Extract extract = heuristic(html);

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
