package dev.easel.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A client on a raw socket that sends one streaming request and then reads only what it is told
 * to: with a tiny receive buffer, a client that stops reading makes the server's writes block as
 * soon as the socket buffers between them are full. No client library sits in between to read
 * ahead, retry or reconnect.
 */
final class StuckClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    private StuckClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Connects with a 1 KiB receive buffer and sends {@code POST path} with this JSON body. */
    static StuckClient post(TestServer server, String path, String json) {
        return post(server, path, json, "");
    }

    /** The same, with these extra header lines ({@code "Authorization: Bearer …\r\n"}). */
    static StuckClient post(TestServer server, String path, String json, String headers) {
        try {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(1024); // before connect, so the window the server sees stays small
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            socket.setSoTimeout(60_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + headers + "Content-Length: " + body.length + "\r\n\r\n";
            var out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return new StuckClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads until {@code text} has been seen in the response (headers or body), e.g. an event name;
     * returns what was read.
     */
    String readUntil(String text) {
        try {
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[512];
            while (seen.indexOf(text) < 0) {
                int n = in.read(buffer);
                if (n < 0) {
                    throw new AssertionError("the stream ended before '" + text + "': " + tail(seen));
                }
                seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            return seen.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the rest of the response until the server ends the connection (the end of the stream,
     * or a reset), and returns it; fails if it is still open after {@code timeoutMillis} of silence.
     */
    String readRest(int timeoutMillis) {
        StringBuilder rest = new StringBuilder();
        try {
            socket.setSoTimeout(timeoutMillis);
            byte[] buffer = new byte[65536];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                rest.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            throw new AssertionError("the server kept the stream open " + timeoutMillis + " ms: " + tail(rest));
        } catch (IOException reset) {
            // the server dropped the connection
        }
        return rest.toString();
    }

    private static String tail(StringBuilder seen) {
        return seen.substring(Math.max(0, seen.length() - 300));
    }

    /** Hangs up: closes the connection without reading the rest. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed already
        }
    }
}
