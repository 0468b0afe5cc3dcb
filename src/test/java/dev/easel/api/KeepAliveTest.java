package dev.easel.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * After an error response an HTTP/1.1 connection that the client keeps alive stays usable: the next
 * request on it is answered, or the response said {@code Connection: close} and the server closed
 * it. Spoken over a raw socket, so that no client library hides a dropped connection by retrying or
 * by opening a new one, and each offending request is sent several times on the same connection.
 */
class KeepAliveTest {
    @RegisterExtension
    static final TestServer server = TestServer.withDefaults();

    @RegisterExtension
    static final TestServer small = TestServer.with(Map.of("max_body_bytes", "200000"));

    private static final int ROUNDS = 3;
    private static final byte[] TRUNCATED_MULTIPART =
            "--xyz\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nhi".getBytes(StandardCharsets.UTF_8);

    /** The body ends inside a part: Jetty's multipart parser fails after reading all of it. */
    @Test
    void editWithTruncatedMultipartBody() {
        assertUsableAfter(
                server, post("/v1/images/edits", "multipart/form-data; boundary=xyz", TRUNCATED_MULTIPART, false), 400);
    }

    @Test
    void editWithTruncatedChunkedMultipartBody() {
        assertUsableAfter(
                server, post("/v1/images/edits", "multipart/form-data; boundary=xyz", TRUNCATED_MULTIPART, true), 400);
    }

    @Test
    void fileUploadWithTruncatedMultipartBody() {
        assertUsableAfter(
                server, post("/v1/files", "multipart/form-data; boundary=xyz", TRUNCATED_MULTIPART, false), 400);
    }

    /** Without a Content-Length the multipart parser stops at the limit, partway through the body. */
    @Test
    void chunkedMultipartBodyOverTheLimit() {
        Multipart form = new Multipart()
                .file("image", "big.bin", "application/octet-stream", filler(250_000))
                .text("prompt", "a door");
        assertUsableAfter(small, post("/v1/images/edits", form.contentType(), form.bytes(), true), 413);
    }

    /** Refused before the body is read. */
    @Test
    void jsonBodyOverTheLimit() {
        byte[] json = ("{\"prompt\": \"" + "a".repeat(250_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertUsableAfter(small, post("/v1/images/generations", "application/json", json, false), 413);
    }

    /** Refused before the body is read. */
    @Test
    void unsupportedContentType() {
        byte[] text = "prompt=a cat".getBytes(StandardCharsets.UTF_8);
        assertUsableAfter(server, post("/v1/images/generations", "text/plain", text, false), 415);
    }

    /** Far more body than the server will read to keep the connection: it says so, and closes. */
    @Test
    void chunkedBodyFarOverTheLimitClosesTheConnectionAndSaysSo() {
        Multipart form = new Multipart()
                .file("image", "big.bin", "application/octet-stream", filler(3_000_000))
                .text("prompt", "a door");
        try (RawConnection connection = new RawConnection(small)) {
            connection.sendInBackground(post("/v1/images/edits", form.contentType(), form.bytes(), true));
            RawResponse response = connection.read();
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.header("connection")).hasValue("close");
            assertThat(connection.closedByServer())
                    .as("closed by the server after Connection: close")
                    .isTrue();
        }
    }

    private static void assertUsableAfter(TestServer target, byte[] request, int status) {
        try (RawConnection connection = new RawConnection(target)) {
            for (int round = 0; round < ROUNDS; round++) {
                connection.send(request);
                RawResponse response = connection.read();
                assertThat(response.status())
                        .as("status of %s", response.body())
                        .isEqualTo(status);
                assertKeptAlive(connection, response);
            }
        }
    }

    /** The response did not announce a close, so the next request on the connection is answered. */
    private static void assertKeptAlive(RawConnection connection, RawResponse response) {
        assertThat(response.header("connection")).as("Connection header").isEmpty();
        connection.send(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        RawResponse health = connection.read();
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok");
    }

    private static byte[] post(String path, String contentType, byte[] body, boolean chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ascii(
                out,
                "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType + "\r\n"
                        + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length)
                        + "\r\n\r\n");
        if (!chunked) {
            out.writeBytes(body);
            return out.toByteArray();
        }
        for (int at = 0; at < body.length; at += 8192) {
            int n = Math.min(8192, body.length - at);
            ascii(out, Integer.toHexString(n) + "\r\n");
            out.write(body, at, n);
            ascii(out, "\r\n");
        }
        ascii(out, "0\r\n\r\n");
        return out.toByteArray();
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] filler(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    record RawResponse(int status, Map<String, String> headers, String body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    /** One HTTP/1.1 connection, read by hand: responses with a Content-Length or chunked. */
    private static final class RawConnection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        RawConnection(TestServer target) {
            try {
                socket = new Socket("127.0.0.1", target.port());
                socket.setSoTimeout(10_000);
                in = socket.getInputStream();
                out = socket.getOutputStream();
            } catch (IOException e) {
                throw new AssertionError("could not connect: " + e, e);
            }
        }

        void send(byte[] request) {
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                throw new AssertionError("the server closed a connection it had not announced closing: " + e, e);
            }
        }

        /** For a body the server may stop reading: the response is read while the body is still sent. */
        void sendInBackground(byte[] request) {
            Thread.ofVirtual().start(() -> {
                try {
                    out.write(request);
                    out.flush();
                } catch (IOException expected) {
                    // the server stopped reading and closed the connection
                }
            });
        }

        RawResponse read() {
            try {
                String statusLine = line();
                if (statusLine == null) {
                    fail("the server closed a kept-alive connection instead of answering (no Connection: close)");
                }
                int status = Integer.parseInt(statusLine.split(" ")[1]);
                Map<String, String> headers = new LinkedHashMap<>();
                for (String header = line(); header != null && !header.isEmpty(); header = line()) {
                    int colon = header.indexOf(':');
                    headers.put(
                            header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            header.substring(colon + 1).trim());
                }
                byte[] body;
                if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                    ByteArrayOutputStream chunks = new ByteArrayOutputStream();
                    for (int size = chunkSize(); size > 0; size = chunkSize()) {
                        chunks.writeBytes(in.readNBytes(size));
                        line();
                    }
                    line();
                    body = chunks.toByteArray();
                } else {
                    body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                }
                return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
            } catch (SocketException e) {
                throw new AssertionError("the server dropped a kept-alive connection instead of answering: " + e, e);
            } catch (IOException e) {
                throw new AssertionError("reading the response failed: " + e, e);
            }
        }

        /** Whether the server closed its side: the next read ends the stream (or the connection is reset). */
        boolean closedByServer() {
            try {
                byte[] sink = new byte[8192];
                while (true) {
                    if (in.read(sink) < 0) {
                        return true;
                    }
                }
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }

        private int chunkSize() throws IOException {
            String size = line();
            return size == null ? 0 : Integer.parseInt(size.split(";")[0].trim(), 16);
        }

        /** A CRLF-terminated line without its end, or null at the end of the stream. */
        private String line() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    String text = bytes.toString(StandardCharsets.ISO_8859_1);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                bytes.write(b);
            }
            return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
