package dev.easel.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.safety.UrlRefusedException.Reason;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real fetches from a server on 127.0.0.1 that the policy allows as host:port; nothing else is ever dialled. */
class UrlGuardFetchTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] IMAGE = new byte[1000];

    private final AtomicInteger loops = new AtomicInteger();
    private final LoopbackDialer dialer = new LoopbackDialer();
    private TestServer server;
    private String base;
    private UrlGuard guard;

    @BeforeEach
    void start() throws IOException {
        for (int i = 0; i < IMAGE.length; i++) {
            IMAGE[i] = (byte) i;
        }
        server = new TestServer()
                .handle("/image", ex -> TestServer.respond(ex, 200, "image/png", IMAGE))
                .handle("/untyped", ex -> {
                    ex.sendResponseHeaders(200, 2);
                    ex.getResponseBody().write("ok".getBytes(StandardCharsets.US_ASCII));
                })
                .handle("/endless", TestServer::endless)
                .handle("/relative", ex -> TestServer.redirect(ex, 302, "/image#fragment"))
                .handle(
                        "/absolute",
                        ex -> TestServer.redirect(ex, 301, "http://" + server.authority("127.0.0.1") + "/image"))
                .handle("/to-private", ex -> TestServer.redirect(ex, 302, "http://10.0.0.1/secret"))
                .handle("/to-metadata", ex -> TestServer.redirect(ex, 307, "http://169.254.169.254/latest/meta-data/"))
                .handle("/to-file", ex -> TestServer.redirect(ex, 302, "file:///etc/passwd"))
                .handle(
                        "/to-rebind",
                        ex -> TestServer.redirect(ex, 302, "http://" + server.authority("rebind.test") + "/image"))
                .handle("/no-location", ex -> ex.sendResponseHeaders(302, -1))
                .handle("/loop", ex -> {
                    loops.incrementAndGet();
                    TestServer.redirect(ex, 308, "/loop");
                })
                .handle("/chain/", ex -> {
                    int left = Integer.parseInt(ex.getRequestURI().getPath().substring("/chain/".length()));
                    if (left == 0) {
                        TestServer.respond(ex, 200, "text/plain", "end".getBytes(StandardCharsets.US_ASCII));
                    } else {
                        TestServer.redirect(ex, 302, "/chain/" + (left - 1));
                    }
                })
                .handle(
                        "/missing",
                        ex -> TestServer.respond(ex, 404, "text/plain", "no".getBytes(StandardCharsets.US_ASCII)))
                .handle("/broken", ex -> TestServer.respond(ex, 500, "text/plain", new byte[0]))
                .handle("/not-modified", ex -> ex.sendResponseHeaders(304, -1))
                .handle("/stall-head", ex -> server.stall())
                .handle("/stall-body", ex -> {
                    ex.sendResponseHeaders(200, 100);
                    ex.getResponseBody().write(new byte[10]);
                    ex.getResponseBody().flush();
                    server.stall();
                });
        base = "http://" + server.authority("127.0.0.1");
        guard = guard(new FakeResolver());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private UrlGuard guard(Resolver resolver) {
        return guard(UrlPolicy.parse(server.authority("127.0.0.1")), resolver);
    }

    private UrlGuard guard(UrlPolicy policy, Resolver resolver) {
        return new UrlGuard(
                policy, resolver, new Transport(dialer, Transport.system().tls()));
    }

    private AbstractThrowableAssert<?, ?> assertRefused(UrlGuard guard, String url, long maxBytes, Reason reason) {
        return assertThatThrownBy(() -> guard.fetch(url, maxBytes, TIMEOUT))
                .isInstanceOfSatisfying(
                        UrlRefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private InetSocketAddress serverAddress() {
        return new InetSocketAddress(TestServer.LOOPBACK, server.port());
    }

    @Test
    void returnsTheBodyAndType() throws Exception {
        Fetched fetched = guard.fetch(base + "/image?size=small", 1000, TIMEOUT);

        assertThat(fetched.body()).isEqualTo(IMAGE);
        assertThat(fetched.contentType()).isEqualTo("image/png");
        assertThat(fetched.finalUri()).isEqualTo(URI.create(base + "/image?size=small"));
        assertThat(server.requests).containsExactly(server.authority("127.0.0.1") + " /image?size=small");
        assertThat(guard.fetch(base + "/untyped", 10, TIMEOUT).contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void refusesTheAllowedServerOnAnyOtherPolicy() {
        assertRefused(guard(UrlPolicy.publicOnly(), new FakeResolver()), base + "/image", 1000, Reason.PRIVATE_ADDRESS);
        assertThat(dialer.dialled()).isEmpty();
    }

    @Test
    void refusesBodiesPastTheLimit() {
        assertRefused(guard, base + "/image", 999, Reason.TOO_LARGE).hasMessageContaining("999 bytes");
    }

    @Test
    void stopsReadingAnEndlessBodyAtTheLimit() {
        long start = System.nanoTime();
        assertRefused(guard, base + "/endless", 64 * 1024, Reason.TOO_LARGE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
    }

    @Test
    void followsRedirectsCheckingEachTarget() throws Exception {
        assertThat(guard.fetch(base + "/relative", 1000, TIMEOUT).finalUri()).isEqualTo(URI.create(base + "/image"));
        assertThat(guard.fetch(base + "/absolute", 1000, TIMEOUT).body()).isEqualTo(IMAGE);
        assertThat(guard.fetch(base + "/chain/5", 1000, TIMEOUT).body())
                .asString(StandardCharsets.US_ASCII)
                .isEqualTo("end");
    }

    @Test
    void refusesARedirectToAPrivateAddressBeforeConnecting() {
        assertRefused(guard, base + "/to-private", 1000, Reason.PRIVATE_ADDRESS)
                .hasMessageContaining("http://10.0.0.1/secret");
        assertRefused(guard, base + "/to-metadata", 1000, Reason.PRIVATE_ADDRESS);
        assertRefused(guard, base + "/to-file", 1000, Reason.SCHEME);

        assertThat(dialer.dialled()).containsOnly(serverAddress()).hasSize(3);
    }

    @Test
    void stopsAfterFiveRedirects() {
        assertRefused(guard, base + "/loop", 1000, Reason.TOO_MANY_REDIRECTS);
        assertThat(loops).hasValue(UrlGuard.MAX_REDIRECTS + 1);
        assertRefused(guard, base + "/chain/6", 1000, Reason.TOO_MANY_REDIRECTS);
    }

    @Test
    void reportsNon2xxStatuses() {
        assertRefused(guard, base + "/missing", 1000, Reason.FETCH_FAILED)
                .isInstanceOfSatisfying(
                        UrlRefusedException.class, e -> assertThat(e.status()).hasValue(404))
                .hasMessageContaining("404");
        assertRefused(guard, base + "/broken", 1000, Reason.FETCH_FAILED)
                .isInstanceOfSatisfying(
                        UrlRefusedException.class, e -> assertThat(e.status()).hasValue(500));
        assertRefused(guard, base + "/not-modified", 1000, Reason.FETCH_FAILED)
                .isInstanceOfSatisfying(
                        UrlRefusedException.class, e -> assertThat(e.status()).hasValue(304));
        assertRefused(guard, base + "/no-location", 1000, Reason.FETCH_FAILED)
                .isInstanceOfSatisfying(
                        UrlRefusedException.class, e -> assertThat(e.status()).isEmpty());
    }

    @Test
    void timesOutWaitingForTheHeadOrTheBody() {
        for (String path : new String[] {"/stall-head", "/stall-body"}) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> guard.fetch(base + path, 1000, Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(
                            UrlRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1900));
        }
    }

    @Test
    void connectsToTheVettedAddressWithoutASecondLookup() throws Exception {
        // The attacker's DNS answers an allowed address for the check, then 127.0.0.2 (which nothing
        // allows, and where nothing listens) to any later lookup. A guard that resolved again to
        // connect would dial 127.0.0.2 and fail, and would count two lookups.
        FakeResolver dns = new FakeResolver().answer("rebind.test", "127.0.0.1").answer("rebind.test", "127.0.0.2");

        Fetched fetched = guard(dns).fetch("http://" + server.authority("rebind.test") + "/image", 1000, TIMEOUT);

        assertThat(fetched.body()).isEqualTo(IMAGE);
        assertThat(dns.lookups("rebind.test")).isEqualTo(1);
        assertThat(dialer.dialled()).containsExactly(serverAddress());
        assertThat(server.requests).containsExactly(server.authority("rebind.test") + " /image");
    }

    @Test
    void resolvesEachRedirectHopExactlyOnce() throws Exception {
        FakeResolver stable = new FakeResolver().answer("rebind.test", "127.0.0.1");
        guard(stable).fetch(base + "/to-rebind", 1000, TIMEOUT);
        assertThat(stable.lookups("rebind.test")).isEqualTo(1);

        FakeResolver rebinding =
                new FakeResolver().answer("rebind.test", "127.0.0.1").answer("rebind.test", "127.0.0.2");
        String first = "http://" + server.authority("rebind.test") + "/to-rebind";
        assertRefused(guard(rebinding), first, 1000, Reason.PRIVATE_ADDRESS);
        assertThat(rebinding.lookups("rebind.test")).isEqualTo(2);
        assertThat(dialer.dialled()).containsOnly(serverAddress()).hasSize(3);
    }

    @Test
    void triesTheNextVettedAddressWhenOneRefuses() throws Exception {
        UrlPolicy both = UrlPolicy.parse(server.authority("127.0.0.2") + "," + server.authority("127.0.0.1"));
        FakeResolver dns = new FakeResolver().answer("multi.test", "127.0.0.2", "127.0.0.1");

        guard(both, dns).fetch("http://" + server.authority("multi.test") + "/image", 1000, TIMEOUT);

        assertThat(dialer.dialled())
                .containsExactly(
                        new InetSocketAddress(FakeResolver.address("127.0.0.2"), server.port()), serverAddress());
    }

    @Test
    void reportsAClosedPortAsFetchFailed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, TestServer.LOOPBACK)) {
            closedPort = socket.getLocalPort();
        }
        UrlGuard closed = guard(UrlPolicy.parse("127.0.0.1:" + closedPort), new FakeResolver());

        assertRefused(closed, "http://127.0.0.1:" + closedPort + "/", 1000, Reason.FETCH_FAILED)
                .hasMessageContaining("connect");
    }

    @Test
    void honoursInterruption() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> guard.fetch(base + "/image", 1000, TIMEOUT))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(dialer.dialled()).isEmpty();
    }

    @Test
    void refusesNonsensicalArguments() {
        assertThatThrownBy(() -> guard.fetch(base + "/image", -1, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> guard.fetch(base + "/image", 10, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
