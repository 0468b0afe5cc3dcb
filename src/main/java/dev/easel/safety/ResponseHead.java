package dev.easel.safety;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The status and headers of an HTTP/1.x response. Sizes are capped so that a hostile server cannot
 * make the reader buffer without end before the body limit even applies.
 */
record ResponseHead(int status, Map<String, List<String>> headers) {
    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEAD = 64 * 1024;

    ResponseHead {
        headers = Map.copyOf(headers);
    }

    /**
     * Reads the final response head, skipping interim 1xx responses (100 Continue, 103 Early Hints).
     */
    static ResponseHead read(InputStream in) throws IOException {
        while (true) {
            ResponseHead head = readOne(in);
            if (head.status() >= 200 || head.status() == 101) {
                return head;
            }
        }
    }

    private static ResponseHead readOne(InputStream in) throws IOException {
        String statusLine = readLine(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5][0-9][0-9]")) {
            throw new ProtocolException("not an HTTP/1.x status line");
        }
        Map<String, List<String>> headers = new TreeMap<>();
        int size = statusLine.length();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            size += line.length();
            int colon = line.indexOf(':');
            if (size > MAX_HEAD || colon <= 0) {
                throw new ProtocolException(size > MAX_HEAD ? "response headers too large" : "malformed header line");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, n -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        return new ResponseHead(Integer.parseInt(parts[1]), headers);
    }

    /** The header's only value, absent when missing; several different values are a protocol error. */
    Optional<String> single(String name) throws ProtocolException {
        List<String> values = headers.getOrDefault(name, List.of());
        if (values.stream().distinct().count() > 1) {
            throw new ProtocolException("conflicting " + name + " headers");
        }
        return values.stream().findFirst();
    }

    /** Every comma-separated element of a list-valued header, lower case (for Transfer-Encoding). */
    List<String> elements(String name) {
        return headers.getOrDefault(name, List.of()).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(e -> e.strip().toLowerCase(Locale.ROOT))
                .filter(e -> !e.isEmpty())
                .toList();
    }

    /**
     * Reads one line ended by LF (a CR before it is dropped), as ISO-8859-1 so that any byte maps
     * to one char. Lines past {@link #MAX_LINE} are refused rather than buffered.
     */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed in the middle of the response");
            }
            if (line.size() >= MAX_LINE) {
                throw new ProtocolException("response line too long");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
