package dev.easel.tools.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.safety.Resolver;
import dev.easel.safety.UrlGuard;
import dev.easel.safety.UrlPolicy;
import dev.easel.safety.UrlRefusedException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real reads from a site on 127.0.0.1 that the URL policy allows as host:port only; names resolve
 * through a map, never real DNS.
 */
class PageReaderTest {
    static final String ARTICLE = resource("article.html");
    private static final String HTML = "text/html; charset=utf-8";

    private final MutableClock clock = new MutableClock();
    private final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();
    private final Map<String, Integer> lookups = new ConcurrentHashMap<>();
    private PageServer site;

    @BeforeEach
    void start() throws IOException {
        site = new PageServer()
                .page(
                        "/robots.txt",
                        "text/plain",
                        "User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n")
                .page("/article", HTML, ARTICLE)
                .page("/other", HTML, "<html><head><title>Other</title></head><body><p>Another page.</p></body></html>")
                .page("/private/page", HTML, "<p>secret</p>");
    }

    @AfterEach
    void stop() {
        site.close();
    }

    private Resolver resolver() {
        return host -> {
            lookups.merge(host, 1, Integer::sum);
            List<InetAddress> addresses = names.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            return addresses;
        };
    }

    private PageReader reader(PageLimits limits) {
        UrlPolicy policy = UrlPolicy.parse("127.0.0.1:" + site.port());
        return new PageReader(new UrlGuard(policy, resolver()), limits, clock);
    }

    private PageReader reader() {
        return reader(PageLimits.defaults());
    }

    private static PageLimits limits(long maxBytes, Duration timeout) {
        PageLimits d = PageLimits.defaults();
        return new PageLimits(
                d.userAgent(), maxBytes, timeout, d.maxTextChars(), d.cacheTtl(), d.cacheEntries(), d.cacheBytes());
    }

    @Test
    void readsTheMainTextOfAnArticleWithoutItsFurniture() throws Exception {
        Page page = reader().read(site.url("/article"));

        assertThat(page.finalUrl()).isEqualTo(URI.create(site.url("/article")));
        assertThat(page.title()).isEqualTo("Tides of the Severn Estuary | Coastal Notes");
        assertThat(page.text())
                .startsWith("Tides of the Severn Estuary\n\nThe Severn Estuary has one of the largest tidal ranges")
                .contains("the difference between high and low water can exceed fourteen metres.")
                .contains("\n\nWhy the range is so large\n\n")
                .contains("each tide reinforces the next — café owners in Clevedon know it well.")
                .endsWith("Funnel shape\n\nResonance with the Atlantic tide")
                .doesNotContain(
                        "cookies",
                        "News",
                        "Advertisement",
                        "Sponsored",
                        "Share",
                        "Related",
                        "beaches",
                        "First comment",
                        "rights reserved",
                        "tracking",
                        "font-family");
        assertThat(page.snippets())
                .hasSize(3)
                .first()
                .isEqualTo("The Severn Estuary has one of the largest tidal ranges in the world, second only to the"
                        + " Bay of Fundy in Canada. At Avonmouth the difference between high and low water can"
                        + " exceed fourteen metres.");
        assertThat(page.snippets().get(1)).startsWith("Twice a month");
        assertThat(page.snippets().get(2)).startsWith("The estuary's shape");
        assertThat(site.requests).containsExactly("/robots.txt", "/article");
    }

    @Test
    void aSecondReadComesFromTheCacheAndRobotsTxtIsFetchedOncePerOrigin() throws Exception {
        PageReader reader = reader();
        Page first = reader.read(site.url("/article"));
        Page second = reader.read(site.url("/article"));
        reader.read(site.url("/other"));

        assertThat(second).isSameAs(first);
        assertThat(site.count("/article")).isEqualTo(1);
        assertThat(site.count("/robots.txt")).isEqualTo(1);

        clock.advance(Duration.ofMinutes(11));
        reader.read(site.url("/article"));
        assertThat(site.count("/article")).isEqualTo(2);
        assertThat(site.count("/robots.txt")).isEqualTo(1);
    }

    @Test
    void oneReaderServesConcurrentRequests() throws Exception {
        PageReader reader = reader();
        List<java.util.concurrent.Callable<Page>> reads = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String path = i % 2 == 0 ? "/article" : "/other";
            reads.add(() -> reader.read(site.url(path)));
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (var result : pool.invokeAll(reads)) {
                assertThat(result.get().text()).isNotEmpty();
            }
        }
        // Concurrent first misses may each fetch; after that, everything is served from the caches.
        long article = site.count("/article");
        reader.read(site.url("/article"));
        assertThat(site.count("/article")).isEqualTo(article).isBetween(1L, 8L);
    }

    @Test
    void aPageThatRobotsTxtDisallowsIsNeverRequested() {
        PageFailure failure = failure(() -> reader().read(site.url("/private/page")));

        assertThat(failure).isInstanceOf(PageFailure.RobotsDisallowed.class);
        assertThat(failure.message())
                .isEqualTo(site.url("/private/page") + " is disallowed by the site's robots.txt for easel");
        assertThat(site.requests).containsExactly("/robots.txt");
    }

    @Test
    void robotsTxtGroupsAreMatchedForTheConfiguredUserAgent() {
        PageLimits d = PageLimits.defaults();
        PageLimits otherbot = new PageLimits(
                "OtherBot",
                d.maxBytes(),
                d.timeout(),
                d.maxTextChars(),
                d.cacheTtl(),
                d.cacheEntries(),
                d.cacheBytes());

        assertThat(failure(() -> reader(otherbot).read(site.url("/article"))))
                .isInstanceOf(PageFailure.RobotsDisallowed.class);
        assertThat(site.count("/article")).isZero();
    }

    @Test
    void aMissingRobotsTxtAllowsAndAFailingOneDisallows() throws Exception {
        site.handle("/robots.txt", ex -> PageServer.respond(ex, 404, "text/plain", new byte[0]));
        assertThat(reader().read(site.url("/article")).title()).startsWith("Tides");

        site.handle("/robots.txt", ex -> PageServer.respond(ex, 503, "text/plain", new byte[0]));
        assertThat(failure(() -> reader().read(site.url("/other")))).isInstanceOf(PageFailure.RobotsDisallowed.class);
        assertThat(site.count("/other")).isZero();
    }

    @Test
    void loopbackThatIsNotAllowListedIsRefusedWithoutAnyConnection() {
        PageReader strict =
                new PageReader(new UrlGuard(UrlPolicy.publicOnly(), resolver()), PageLimits.defaults(), clock);

        PageFailure failure = failure(() -> strict.read(site.url("/article")));

        assertThat(failure)
                .isInstanceOfSatisfying(
                        PageFailure.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(Reason.PRIVATE_ADDRESS));
        assertThat(failure.message()).contains("non-public address (loopback)");
        assertThat(site.requests).isEmpty();
    }

    @Test
    void aRefusedUrlOpensNoConnectionAtAll() throws Exception {
        PageReader strict =
                new PageReader(new UrlGuard(UrlPolicy.publicOnly(), resolver()), PageLimits.defaults(), clock);
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, PageServer.LOOPBACK)) {
            listener.setSoTimeout(200);

            assertThat(failure(() -> strict.read("http://127.0.0.1:" + listener.getLocalPort() + "/")))
                    .isInstanceOf(PageFailure.Refused.class);
            assertThatThrownBy(listener::accept).isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void aRedirectToAPrivateAddressIsRefused() {
        site.handle("/jump", ex -> {
            ex.getResponseHeaders().set("Location", "http://10.1.2.3/admin?token=s3cret");
            ex.sendResponseHeaders(302, -1);
        });

        PageFailure failure = failure(() -> reader().read(site.url("/jump")));

        assertThat(failure)
                .isInstanceOfSatisfying(
                        PageFailure.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(Reason.PRIVATE_ADDRESS));
        assertThat(failure.message()).contains("http://10.1.2.3/admin?…").doesNotContain("s3cret");
        assertThat(site.requests).containsExactly("/robots.txt", "/jump");
    }

    @Test
    void aNameResolvingToAPrivateAddressIsRefused() {
        names.put("intranet.example", List.of(InetAddress.ofLiteral("192.168.1.10")));

        PageFailure failure = failure(() -> reader().read("http://intranet.example/wiki"));

        assertThat(failure)
                .isInstanceOfSatisfying(
                        PageFailure.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(Reason.PRIVATE_ADDRESS));
        assertThat(failure.message()).contains("(private)").doesNotContain("192.168");
        assertThat(lookups).containsEntry("intranet.example", 1);
    }

    @Test
    void anUnknownNameIsUnreachable() {
        assertThat(failure(() -> reader().read("http://nowhere.example/"))).isInstanceOf(PageFailure.Unreachable.class);
    }

    @Test
    void aBodyPastTheLimitStops() {
        site.page("/huge", HTML, "<p>" + "x".repeat(300_000) + "</p>");

        PageFailure failure =
                failure(() -> reader(limits(100_000, Duration.ofSeconds(5))).read(site.url("/huge")));

        assertThat(failure).isInstanceOf(PageFailure.TooLarge.class);
        assertThat(failure.message()).contains("100000 bytes");
    }

    @Test
    void aGzipBombStopsAtTheLimitAfterDecompression() {
        byte[] bomb = gzip(new byte[64 << 20]); // 64 MiB of zeros in about 64 KiB
        assertThat(bomb.length).isLessThan(200_000);
        site.handle("/bomb", ex -> {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            PageServer.respond(ex, 200, HTML, bomb);
        });

        PageFailure failure = failure(() -> reader().read(site.url("/bomb")));

        assertThat(failure).isInstanceOf(PageFailure.TooLarge.class);
        assertThat(failure.message()).contains("decompresses to more than the limit of 2097152 bytes");
    }

    @Test
    void aGzipPageThatIgnoredAcceptEncodingIsDecoded() throws Exception {
        byte[] page = gzip("<title>Zipped</title><p>Compressed anyway.</p>".getBytes(StandardCharsets.UTF_8));
        site.handle("/zipped", ex -> {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            PageServer.respond(ex, 200, HTML, page);
        });

        Page read = reader().read(site.url("/zipped"));

        assertThat(read.title()).isEqualTo("Zipped");
        assertThat(read.text()).isEqualTo("Compressed anyway.");
    }

    @Test
    void aSlowServerTimesOut() {
        site.handle("/slow", ex -> site.stall());
        long start = System.nanoTime();

        PageFailure failure =
                failure(() -> reader(limits(1 << 20, Duration.ofMillis(500))).read(site.url("/slow")));

        assertThat(failure).isInstanceOf(PageFailure.Timeout.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aSlowRobotsTxtTimesOutTheRead() {
        site.handle("/robots.txt", ex -> site.stall());

        PageFailure failure =
                failure(() -> reader(limits(1 << 20, Duration.ofMillis(500))).read(site.url("/article")));

        assertThat(failure).isInstanceOf(PageFailure.Timeout.class);
        assertThat(site.count("/article")).isZero();
    }

    @Test
    void contentThatIsNotAWebPageIsRefused() {
        site.handle("/photo", ex -> PageServer.respond(ex, 200, "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}));

        PageFailure failure = failure(() -> reader().read(site.url("/photo")));

        assertThat(failure)
                .isInstanceOfSatisfying(
                        PageFailure.NotHtml.class,
                        notHtml -> assertThat(notHtml.contentType()).isEqualTo("image/png"));
        assertThat(failure.message())
                .isEqualTo(site.url("/photo") + " is image/png, not a web page (HTML, XHTML or plain text)");
    }

    @Test
    void plainTextIsReadAsParagraphs() throws Exception {
        site.page("/notes.txt", "text/plain; charset=utf-8", "First   paragraph,\nstill first.\n\n\nSecond one.\n");

        Page page = reader().read(site.url("/notes.txt"));

        assertThat(page.title()).isEmpty();
        assertThat(page.text()).isEqualTo("First paragraph, still first.\n\nSecond one.");
    }

    @Test
    void theCharsetComesFromTheMetaTagWhenTheHeaderHasNone() throws Exception {
        byte[] latin =
                "<html><head><meta charset=\"windows-1252\"><title>Caf\u00e9</title></head><body><p>Cr\u00e8me br\u00fbl\u00e9e</p></body></html>"
                        .getBytes(java.nio.charset.Charset.forName("windows-1252"));
        site.handle("/latin", ex -> PageServer.respond(ex, 200, "text/html", latin));

        Page page = reader().read(site.url("/latin"));

        assertThat(page.title()).isEqualTo("Caf\u00e9");
        assertThat(page.text()).isEqualTo("Cr\u00e8me br\u00fbl\u00e9e");
    }

    @Test
    void anHttpErrorIsTyped() {
        PageFailure failure = failure(() -> reader().read(site.url("/missing?key=hunter2")));

        assertThat(failure)
                .isInstanceOfSatisfying(
                        PageFailure.HttpStatus.class,
                        status -> assertThat(status.status()).isEqualTo(404));
        assertThat(failure.message()).doesNotContain("hunter2");
    }

    @Test
    void redirectsAreFollowedAndEachOneIsCounted() throws Exception {
        for (int i = 1; i <= 6; i++) {
            String next = i == 1 ? "/article" : "/hop" + (i - 1);
            site.handle("/hop" + i, ex -> {
                ex.getResponseHeaders().set("Location", next);
                ex.sendResponseHeaders(302, -1);
            });
        }

        assertThat(reader().read(site.url("/hop5")).finalUrl()).isEqualTo(URI.create(site.url("/article")));
        assertThat(failure(() -> reader().read(site.url("/hop6"))))
                .isInstanceOfSatisfying(
                        PageFailure.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(Reason.TOO_MANY_REDIRECTS));
    }

    private static PageFailure failure(ThrowingCallable read) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(read);
        assertThat(thrown).isInstanceOf(PageException.class);
        return ((PageException) thrown).failure();
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String resource(String name) {
        try (InputStream in = PageReaderTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
