package dev.easel.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.easel.safety.UrlRefusedException.Reason;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 response reader on canned bytes: framings, interim responses, limits, malformed input. */
class ResponseParsingTest {
    private static InputStream wire(String response) {
        return new ByteArrayInputStream(response.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String body(String response, long maxBytes) throws IOException, UrlRefusedException {
        InputStream in = wire(response);
        ResponseHead head = ResponseHead.read(in);
        return new String(BodyReader.read(head, in, maxBytes), StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsStatusAndHeaders() throws IOException {
        ResponseHead head =
                ResponseHead.read(wire("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nX-A: 1\r\nx-a: 2\r\n\r\n"));

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.single("content-type")).hasValue("image/png");
        assertThat(head.headers().get("x-a")).containsExactly("1", "2");
        assertThat(ResponseHead.read(wire("HTTP/1.0 404\n\n")).status()).isEqualTo(404); // bare LF, no reason phrase
    }

    @Test
    void skipsInterimResponses() throws Exception {
        String response = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        assertThat(body(response, 10)).isEqualTo("ok");
    }

    @Test
    void readsEachFraming() throws Exception {
        assertThat(body("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA", 5))
                .isEqualTo("hello");
        assertThat(body(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "5;name=value\r\nhello\r\nA\r\n, world!!!\r\n0\r\nTrailer: x\r\n\r\n",
                        15))
                .isEqualTo("hello, world!!!");
        assertThat(body("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n", 2))
                .isEqualTo("ab");
        assertThat(body("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil close", 100))
                .isEqualTo("until close");
        assertThat(body("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", 100))
                .isEmpty();
        // Transfer-Encoding wins over Content-Length (RFC 9112 §6.3): no smuggling a second body.
        assertThat(body(
                        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n",
                        9))
                .isEqualTo("x");
    }

    @Test
    void enforcesTheLimitInEveryFraming() {
        for (String response : new String[] {
            "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", // refused on the header alone
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nhello,\r\n5\r\nworld\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffff\r\n",
            "HTTP/1.1 200 OK\r\n\r\nhello world",
        }) {
            assertThatThrownBy(() -> body(response, 10))
                    .isInstanceOfSatisfying(
                            UrlRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
        }
    }

    @Test
    void refusesMalformedResponses() {
        assertThatThrownBy(() -> body("SSH-2.0-OpenSSH\r\n\r\n", 10)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> body("HTTP/1.1 20 OK\r\n\r\n", 10)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> body("HTTP/2 200\r\n\r\n", 10)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nno colon\r\n\r\n", 10))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 10))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 10))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 10))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", 10))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc", 10))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> body("HTTP/1.1 200 OK\r\nContent-Le", 10)).isInstanceOf(EOFException.class);
    }

    @Test
    void capsLineAndHeadSizes() {
        String longLine = "HTTP/1.1 200 OK\r\nX: " + "a".repeat(ResponseHead.MAX_LINE) + "\r\n\r\n";
        assertThatThrownBy(() -> body(longLine, 10))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("too long");

        String manyHeaders = "HTTP/1.1 200 OK\r\n" + ("X: " + "a".repeat(1000) + "\r\n").repeat(100) + "\r\n";
        assertThatThrownBy(() -> body(manyHeaders, 10))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("too large");
    }
}
