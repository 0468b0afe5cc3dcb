package dev.easel.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.easel.safety.UrlRefusedException.Reason;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS while dialling the pinned address: the certificate (made by keytool for images.test only)
 * must be checked against the URL's host name, not against the address dialled.
 */
class UrlGuardTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;

    private static TestServer server;
    private static SSLContext client;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "easel",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=images.test",
                        "-ext",
                        "SAN=dns:images.test",
                        "-validity",
                        "2",
                        "-keystore",
                        keystore.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("keytool: %s", output).isZero();

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("easel", keys.getCertificate("easel"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);

        HttpsServer https = HttpsServer.create(new InetSocketAddress(TestServer.LOOPBACK, 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server = new TestServer(https)
                .handle("/image", ex -> TestServer.respond(ex, 200, "image/png", new byte[] {1, 2, 3}));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private UrlGuard guard(LoopbackDialer dialer) {
        FakeResolver dns = new FakeResolver().answer("images.test", "127.0.0.1").answer("other.test", "127.0.0.1");
        return new UrlGuard(
                UrlPolicy.parse(server.authority("127.0.0.1")), dns, new Transport(dialer, client.getSocketFactory()));
    }

    @Test
    void verifiesTheCertificateAgainstTheUrlHostWhileDiallingTheVettedAddress() throws Exception {
        LoopbackDialer dialer = new LoopbackDialer();

        Fetched fetched = guard(dialer).fetch("https://" + server.authority("images.test") + "/image", 100, TIMEOUT);

        assertThat(fetched.body()).containsExactly(1, 2, 3);
        assertThat(dialer.dialled()).containsExactly(new InetSocketAddress(TestServer.LOOPBACK, server.port()));
        assertThat(server.requests).contains(server.authority("images.test") + " /image");
    }

    @Test
    void refusesACertificateForAnotherHost() {
        for (String host : new String[] {"other.test", "127.0.0.1"}) {
            String url = "https://" + server.authority(host) + "/image";
            assertThatThrownBy(() -> guard(new LoopbackDialer()).fetch(url, 100, TIMEOUT))
                    .isInstanceOfSatisfying(
                            UrlRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.FETCH_FAILED))
                    .hasMessageContaining("TLS");
        }
    }

    @Test
    void plainHttpToTheTlsPortIsNotMistakenForABody() {
        String url = "http://" + server.authority("images.test") + "/image";
        assertThatThrownBy(() -> guard(new LoopbackDialer()).fetch(url, 100, TIMEOUT))
                .isInstanceOfSatisfying(
                        UrlRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FETCH_FAILED));
    }
}
