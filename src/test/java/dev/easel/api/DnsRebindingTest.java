package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A loopback server without API keys answers to loopback names only: a web page that rebinds its
 * own name to 127.0.0.1 reaches the port with that name as the Host, and is refused.
 */
class DnsRebindingTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    private static String get(String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream()
                    .write(("GET /v1/models HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void onlyLoopbackNamesAreAnswered() throws IOException {
        assertThat(get("evil.example:" + server.port()))
                .startsWith("HTTP/1.1 403")
                .contains("insufficient_permissions")
                .contains("public_url");
        assertThat(get("localhost:" + server.port())).startsWith("HTTP/1.1 200");
        assertThat(get("127.0.0.1:" + server.port())).startsWith("HTTP/1.1 200");
        assertThat(get("[::1]:" + server.port())).startsWith("HTTP/1.1 200");
    }
}
