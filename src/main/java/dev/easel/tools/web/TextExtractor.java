package dev.easel.tools.web;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import net.dankito.readability4j.Readability4J;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Main text of a web page. Boilerplate (scripts, navigation, headers, footers, asides, forms, ads
 * and share bars by their class or id) is dropped first; then the text is Readability4J's article
 * content when it finds one, else (a fallback heuristic) the page's {@code article}, else its
 * {@code main}, else the block holding the most paragraph text. Either way the text is split into
 * the content's block elements (headings, paragraphs, list items) for snippets. The document is
 * changed in place. Stateless.
 */
final class TextExtractor {
    static final int SNIPPETS = 3;
    static final int SNIPPET_CHARS = 300;
    private static final int MIN_SNIPPET_CHARS = 40;
    private static final int MIN_PARAGRAPH_CHARS = 25;

    private static final String BOILERPLATE = "script, style, noscript, template, iframe, object, embed, svg, canvas,"
            + " nav, header, footer, aside, form, button, input, select, textarea, dialog, menu,"
            + " [hidden], [aria-hidden=true], [role=navigation], [role=banner], [role=contentinfo],"
            + " [role=complementary], [role=dialog], [role=search]";
    /** Class or id words that mark page furniture, matched as whole words ("ad", not "head"). */
    private static final Set<String> FURNITURE = Set.of(
            "ad",
            "ads",
            "advert",
            "adverts",
            "advertisement",
            "banner",
            "sidebar",
            "comment",
            "comments",
            "share",
            "sharing",
            "social",
            "promo",
            "sponsored",
            "cookie",
            "cookies",
            "newsletter",
            "subscribe",
            "related",
            "popup",
            "modal",
            "breadcrumb",
            "breadcrumbs",
            "menu",
            "navbar",
            "masthead",
            "footer",
            "header",
            "outbrain",
            "taboola");

    private static final Pattern WORDS = Pattern.compile("[^a-z0-9]+");
    private static final String BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, pre, blockquote, dd, dt, figcaption, td, th";

    record Extract(String title, String text, List<String> snippets) {}

    private TextExtractor() {}

    static Extract html(Document document, int maxChars) {
        String title = title(document);
        strip(document);
        Element readable = readable(document.clone());
        return extract(title, paragraphs(readable != null ? readable : mainBlock(document.body())), maxChars);
    }

    /** The fallback alone, for a page Readability4J finds nothing in. */
    static Extract heuristic(Document document, int maxChars) {
        String title = title(document);
        strip(document);
        return extract(title, paragraphs(mainBlock(document.body())), maxChars);
    }

    /** Drops what is never main text: {@link #BOILERPLATE} and furniture by its class or id words. */
    private static void strip(Document document) {
        document.select(BOILERPLATE).remove();
        for (Element element : document.body().select("[class], [id]")) {
            if (element.parent() != null && isFurniture(element)) {
                element.remove();
            }
        }
    }

    /**
     * The article content as Readability4J (a port of Mozilla's Readability, the Firefox reader
     * view) finds it in the stripped page; null when it finds no content of at least a
     * paragraph's length, or fails on the page.
     */
    private static Element readable(Document document) {
        try {
            Element content =
                    new Readability4J(document.location(), document).parse().getArticleContent();
            if (content == null) {
                return null;
            }
            return normalize(content.text()).length() >= MIN_PARAGRAPH_CHARS ? content : null;
        } catch (RuntimeException | StackOverflowError e) {
            // A page the library cannot handle still gets the fallback heuristic below.
            return null;
        }
    }

    static Extract plain(String text, int maxChars) {
        List<String> paragraphs = new ArrayList<>();
        for (String block : text.split("\\R\\s*\\R")) {
            String normalized = normalize(block);
            if (!normalized.isEmpty()) {
                paragraphs.add(normalized);
            }
        }
        return extract("", paragraphs, maxChars);
    }

    /** Collapses every run of whitespace (no-break spaces too) to one space, trimmed. */
    static String normalize(String text) {
        return text.replace('\u00a0', ' ').replaceAll("[\\s\\p{Z}]+", " ").strip();
    }

    private static Extract extract(String title, List<String> paragraphs, int maxChars) {
        String text = cap(String.join("\n\n", paragraphs), maxChars);
        List<String> snippets = paragraphs.stream()
                .filter(p -> p.length() >= MIN_SNIPPET_CHARS)
                .limit(SNIPPETS)
                .map(p -> cap(p, SNIPPET_CHARS))
                .toList();
        return new Extract(title, text, snippets);
    }

    private static String title(Document document) {
        String title = normalize(document.title());
        if (title.isEmpty()) {
            Element h1 = document.selectFirst("h1");
            title = h1 == null ? "" : normalize(h1.text());
        }
        return cap(title, 500);
    }

    private static boolean isFurniture(Element element) {
        String tag = element.normalName();
        if (tag.equals("body") || tag.equals("article") || tag.equals("main")) {
            return false;
        }
        String words = (element.className() + " " + element.id()).toLowerCase(Locale.ROOT);
        for (String word : WORDS.split(words)) {
            if (FURNITURE.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** The largest article, else main, else the element whose paragraphs (and half its grandchildren's) hold the most text. */
    private static Element mainBlock(Element body) {
        Element article = largest(body.select("article"));
        if (article != null) {
            return article;
        }
        Element main = largest(body.select("main, [role=main]"));
        if (main != null) {
            return main;
        }
        Map<Element, Double> scores = new IdentityHashMap<>();
        for (Element p : body.select("p, pre, blockquote")) {
            int length = p.text().length();
            Element parent = p.parent();
            if (length < MIN_PARAGRAPH_CHARS || parent == null) {
                continue;
            }
            scores.merge(parent, (double) length, Double::sum);
            if (parent.parent() != null) {
                scores.merge(parent.parent(), length / 2.0, Double::sum);
            }
        }
        Element best = body;
        double bestScore = 0;
        for (Map.Entry<Element, Double> e : scores.entrySet()) {
            double score = e.getValue() * (1 - linkDensity(e.getKey()));
            if (score > bestScore) {
                best = e.getKey();
                bestScore = score;
            }
        }
        return best;
    }

    private static Element largest(Elements candidates) {
        Element best = null;
        int bestLength = 0;
        for (Element candidate : candidates) {
            int length = candidate.text().length();
            if (length > bestLength) {
                best = candidate;
                bestLength = length;
            }
        }
        return best;
    }

    private static double linkDensity(Element element) {
        int length = element.text().length();
        if (length == 0) {
            return 1;
        }
        int links = 0;
        for (Element a : element.select("a")) {
            links += a.text().length();
        }
        return Math.min(1, (double) links / length);
    }

    /** The block elements' texts in document order, outermost only (a p inside an li counts once, as the li). */
    private static List<String> paragraphs(Element root) {
        Elements blocks = root.select(BLOCKS);
        Map<Element, Boolean> isBlock = new IdentityHashMap<>();
        blocks.forEach(b -> isBlock.put(b, true));
        List<String> paragraphs = new ArrayList<>();
        for (Element block : blocks) {
            if (!insideAnother(block, root, isBlock)) {
                String text = normalize(block.text());
                if (!text.isEmpty()) {
                    paragraphs.add(text);
                }
            }
        }
        if (paragraphs.isEmpty()) {
            String text = normalize(root.text());
            if (!text.isEmpty()) {
                paragraphs.add(text);
            }
        }
        return paragraphs;
    }

    private static boolean insideAnother(Element block, Element root, Map<Element, Boolean> isBlock) {
        for (Element up = block.parent(); up != null && up != root; up = up.parent()) {
            if (isBlock.containsKey(up)) {
                return true;
            }
        }
        return false;
    }

    /** At most {@code max} chars, cut at the last space when one is near the end, with an ellipsis. */
    static String cap(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int cut = max - 1;
        int space = text.lastIndexOf(' ', cut);
        if (space > max * 0.8) {
            cut = space;
        }
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut).stripTrailing() + "…";
    }
}
