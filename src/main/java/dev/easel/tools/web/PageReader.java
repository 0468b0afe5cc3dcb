package dev.easel.tools.web;

import dev.easel.safety.Fetched;
import dev.easel.safety.UrlGuard;
import dev.easel.safety.UrlRefusedException;
import dev.easel.safety.VettedUrl;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Reads web pages for search grounding: every byte comes through the {@link UrlGuard} (vetted
 * addresses, pinned connections, each redirect re-checked; never a library's own fetcher), within
 * {@link PageLimits}, after the site's robots.txt allowed it; the main text is extracted and the
 * result cached for a while by the URL asked for.
 *
 * <p>Thread-safe; share one per server (the page and robots.txt caches are shared by requests).
 */
public final class PageReader {
    private static final Set<String> HTML = Set.of("text/html", "application/xhtml+xml");
    private static final String PLAIN = "text/plain";
    private static final Pattern QUERY = Pattern.compile("(https?://[^\\s\"?#]*)\\?[^\\s\"#]*");

    private final UrlGuard guard;
    private final PageLimits limits;
    private final RobotsRules robots;
    private final TtlCache<Page> cache;

    public PageReader(UrlGuard guard, PageLimits limits, Clock clock) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.robots = new RobotsRules(guard, limits.userAgent(), clock);
        this.cache = new TtlCache<>(clock, limits.cacheTtl(), limits.cacheEntries(), limits.cacheBytes(), Page::weight);
    }

    /**
     * The page at this URL, from the cache when it was read within the cache time.
     *
     * @throws PageException with the typed {@link PageFailure}
     */
    public Page read(String url) throws PageException, InterruptedException {
        Objects.requireNonNull(url, "url");
        Optional<Page> cached = cache.get(url);
        if (cached.isPresent()) {
            return cached.get();
        }
        long start = System.nanoTime();
        try {
            // Checked before robots.txt, so a refused URL costs no connection at all.
            VettedUrl vetted = guard.check(url);
            Duration robotsTime = Duration.ofNanos((long) (limits.timeout().toNanos() * RobotsRules.SHARE_OF_TIMEOUT));
            requireAllowed(vetted.uri(), robotsTime);
            Fetched fetched = guard.fetch(url, limits.maxBytes(), timeLeft(url, start));
            if (!RobotsRules.origin(fetched.finalUri()).equals(RobotsRules.origin(vetted.uri()))) {
                // Redirected to another site: its robots.txt decides whether the content is used.
                requireAllowed(fetched.finalUri(), timeLeft(url, start));
            }
            Page page = page(fetched);
            cache.put(url, page);
            return page;
        } catch (UrlRefusedException e) {
            throw new PageException(failure(e));
        }
    }

    /** The page at this URL if it was read within the cache time; nothing is fetched. */
    public Optional<Page> cached(String url) {
        return cache.get(Objects.requireNonNull(url, "url"));
    }

    private void requireAllowed(URI uri, Duration timeout)
            throws UrlRefusedException, InterruptedException, PageException {
        if (!robots.allows(uri, timeout)) {
            throw new PageException(new PageFailure.RobotsDisallowed(
                    redact(uri.toString()) + " is disallowed by the site's robots.txt for " + limits.userAgent()));
        }
    }

    private Duration timeLeft(String url, long start) throws PageException {
        Duration left = limits.timeout().minusNanos(System.nanoTime() - start);
        if (left.isNegative() || left.isZero()) {
            throw new PageException(new PageFailure.Timeout("reading " + redact(url) + " took longer than "
                    + limits.timeout().toMillis() + " ms"));
        }
        return left;
    }

    private Page page(Fetched fetched) throws PageException {
        String type = fetched.contentType();
        String mediaType = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String where = redact(fetched.finalUri().toString());
        if (!HTML.contains(mediaType) && !mediaType.equals(PLAIN)) {
            String shown = mediaType.length() > 100 ? mediaType.substring(0, 100) : mediaType;
            throw new PageException(new PageFailure.NotHtml(
                    shown, where + " is " + shown + ", not a web page (HTML, XHTML or plain text)"));
        }
        byte[] body;
        try {
            body = BodyDecoder.decode(fetched.body(), limits.maxBytes());
        } catch (BodyDecoder.TooLargeException e) {
            throw new PageException(new PageFailure.TooLarge(
                    where + " decompresses to more than the limit of " + limits.maxBytes() + " bytes"));
        } catch (IOException e) {
            throw new PageException(new PageFailure.Unreachable(where + " sent a corrupt compressed body"));
        }
        Optional<Charset> charset = charset(type);
        TextExtractor.Extract extract;
        if (mediaType.equals(PLAIN)) {
            String text = new String(body, charset.orElse(StandardCharsets.UTF_8));
            extract = TextExtractor.plain(text.startsWith("\ufeff") ? text.substring(1) : text, limits.maxTextChars());
        } else {
            extract = TextExtractor.html(html(body, charset, fetched.finalUri()), limits.maxTextChars());
        }
        return new Page(fetched.finalUri(), extract.title(), extract.text(), extract.snippets());
    }

    /** Parsed in the header's charset, else the one a BOM or {@code <meta charset>} names, else UTF-8. */
    private static Document html(byte[] body, Optional<Charset> charset, URI base) throws PageException {
        try {
            return Jsoup.parse(
                    new ByteArrayInputStream(body), charset.map(Charset::name).orElse(null), base.toString());
        } catch (IOException e) {
            throw new PageException(new PageFailure.Unreachable(redact(base.toString()) + " could not be decoded"));
        }
    }

    /** The {@code charset} parameter of a Content-Type, when it names a charset this JVM has. */
    static Optional<Charset> charset(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
                String name = pair[1].strip().replace("\"", "").replace("'", "");
                try {
                    return Optional.of(Charset.forName(name));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static PageFailure failure(UrlRefusedException e) {
        String message = redact(e.getMessage());
        return switch (e.reason()) {
            case BAD_URL, SCHEME, PRIVATE_ADDRESS, TOO_MANY_REDIRECTS -> new PageFailure.Refused(e.reason(), message);
            case TOO_LARGE -> new PageFailure.TooLarge(message);
            case TIMEOUT -> new PageFailure.Timeout(message);
            case UNRESOLVABLE -> new PageFailure.Unreachable(message);
            case FETCH_FAILED ->
                e.status().isPresent()
                        ? new PageFailure.HttpStatus(e.status().getAsInt(), message)
                        : new PageFailure.Unreachable(message);
        };
    }

    /** Drops query strings from URLs in a message: tokens and session ids live there. */
    static String redact(String message) {
        return QUERY.matcher(message).replaceAll("$1?…");
    }
}
