package dev.easel.safety;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.List;

/**
 * Reads a response body under a byte limit, framed as RFC 9112 §6.3 says: chunked, then
 * Content-Length, else until the server closes. It stops as soon as the limit is passed, so an
 * endless body costs at most {@code maxBytes} plus one buffer.
 */
final class BodyReader {
    private static final int BUFFER = 16 * 1024;

    private final InputStream in;
    private final long maxBytes;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private BodyReader(InputStream in, long maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    static byte[] read(ResponseHead head, InputStream in, long maxBytes) throws IOException, UrlRefusedException {
        BodyReader reader = new BodyReader(in, maxBytes);
        List<String> codings = head.elements("transfer-encoding");
        if (head.status() == 204 || head.status() == 304) {
            return new byte[0];
        } else if (!codings.isEmpty()) {
            // Only chunked is asked for (nothing else is accepted); any other coding is read to close.
            if (codings.getLast().equals("chunked")) {
                reader.chunked();
            } else {
                reader.untilClose();
            }
        } else {
            var length = head.single("content-length");
            if (length.isPresent()) {
                reader.fixed(contentLength(length.get()));
            } else {
                reader.untilClose();
            }
        }
        return reader.body.toByteArray();
    }

    private void fixed(long length) throws IOException, UrlRefusedException {
        if (length > maxBytes) {
            throw tooLarge();
        }
        copy(length);
    }

    private void chunked() throws IOException, UrlRefusedException {
        while (true) {
            String line = ResponseHead.readLine(in);
            int extension = line.indexOf(';');
            long size = hex((extension < 0 ? line : line.substring(0, extension)).strip());
            if (size == 0) {
                break;
            }
            if (size > maxBytes - body.size()) {
                throw tooLarge();
            }
            copy(size);
            if (!ResponseHead.readLine(in).isEmpty()) {
                throw new ProtocolException("chunk not followed by CRLF");
            }
        }
        // Trailer fields: read and ignored, bounded by the line limit each.
        int trailerBytes = 0;
        for (String line = ResponseHead.readLine(in); !line.isEmpty(); line = ResponseHead.readLine(in)) {
            trailerBytes += line.length();
            if (trailerBytes > ResponseHead.MAX_HEAD) {
                throw new ProtocolException("trailer fields too large");
            }
        }
    }

    private void untilClose() throws IOException, UrlRefusedException {
        byte[] buffer = new byte[BUFFER];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (n > maxBytes - body.size()) {
                throw tooLarge();
            }
            body.write(buffer, 0, n);
        }
    }

    private void copy(long length) throws IOException {
        byte[] buffer = new byte[(int) Math.min(BUFFER, length)];
        for (long left = length; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("connection closed before the whole body arrived");
            }
            body.write(buffer, 0, n);
            left -= n;
        }
    }

    private UrlRefusedException tooLarge() {
        return new UrlRefusedException(
                UrlRefusedException.Reason.TOO_LARGE,
                "the response is larger than the limit of " + maxBytes + " bytes");
    }

    private static long contentLength(String value) throws ProtocolException {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ProtocolException("invalid Content-Length");
        }
        return Long.parseLong(value);
    }

    private static long hex(String value) throws ProtocolException {
        boolean hex = value.chars().allMatch(c -> c < 128 && Character.digit(c, 16) >= 0);
        if (value.isEmpty() || value.length() > 15 || !hex) {
            throw new ProtocolException("invalid chunk size");
        }
        return Long.parseLong(value, 16);
    }
}
