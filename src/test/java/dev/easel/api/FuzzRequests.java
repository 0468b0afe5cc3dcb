package dev.easel.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * The fuzz test's request generator: request {@code i} of seed {@code s} is always the same bytes
 * (its own {@link Random}, seeded from both), so one failing request can be sent again alone.
 * Every route is covered, with JSON and multipart bodies from {@link FuzzJson} and
 * {@link FuzzMultipart}, bad ids and paging cursors, wrong methods and content types, and framing
 * that lies (broken chunked encoding, a Content-Length longer or shorter than the body).
 */
final class FuzzRequests {
    static final List<String> JSON_ROUTES =
            List.of("/v1/images/generations", "/v1/images/edits", "/v1/responses", "/v1/easel/charts", "/mcp");
    static final List<String> MULTIPART_ROUTES = List.of("/v1/images/edits", "/v1/files");

    private FuzzRequests() {}

    /** What the generator may refer to: a stored file and response (never deleted), and an image. */
    record Known(String fileId, String responseId, byte[] png, int port) {}

    /**
     * One request. {@code halfClose}: the client ends its side after sending (the body is shorter
     * than announced); {@code head}: the answer has no body.
     */
    record Case(int index, String label, byte[] bytes, boolean halfClose, boolean head) {
        String preview() {
            String text = new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("(.)\\1{15,}", "$1…");
            text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
            return text.length() > 500 ? text.substring(0, 500) + "… (" + bytes.length + " bytes)" : text;
        }
    }

    static Case generate(long seed, int index, Known known) {
        Case c = any(new Random(seed * 1_000_003L + index), index, known);
        // The Host header names the port, as clients send it (the MCP endpoint refuses other hosts with a 421).
        String request = new String(c.bytes(), StandardCharsets.ISO_8859_1)
                .replaceFirst("\r\nHost: 127\\.0\\.0\\.1\r\n", "\r\nHost: 127.0.0.1:" + known.port() + "\r\n");
        return new Case(c.index(), c.label(), request.getBytes(StandardCharsets.ISO_8859_1), c.halfClose(), c.head());
    }

    private static Case any(Random r, int index, Known known) {
        return switch (r.nextInt(20)) {
            case 0, 1, 2, 3, 4, 5, 6 -> {
                String path = JSON_ROUTES.get(r.nextInt(JSON_ROUTES.size()));
                yield withBody(
                        index,
                        r,
                        "json " + path,
                        path,
                        contentType(r, "application/json"),
                        FuzzJson.body(path, r, known));
            }
            case 7, 8, 9, 10 -> {
                String path = MULTIPART_ROUTES.get(r.nextInt(MULTIPART_ROUTES.size()));
                FuzzMultipart.Form form = FuzzMultipart.form(path, r, known.png());
                yield withBody(index, r, "multipart " + path, path, form.contentType(), form.body());
            }
            case 11, 12, 13, 14 -> read(index, r, known);
            case 15 -> {
                String path = "/v1/responses/" + id(r, known.responseId(), "resp_") + "/cancel";
                yield withBody(
                        index,
                        r,
                        "cancel",
                        path,
                        contentType(r, "application/json"),
                        r.nextBoolean() ? new byte[0] : FuzzJson.bytes(FuzzJson.badValue(r)));
            }
            case 16 -> {
                String method = List.of("PUT", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO", "DELETE", "POST")
                        .get(r.nextInt(8));
                String path = anyPath(r, known);
                yield simple(index, "method " + method, method, path, method.equals("HEAD"));
            }
            default -> protocol(index, r, known);
        };
    }

    private static String contentType(Random r, String right) {
        return switch (r.nextInt(10)) {
            case 0 -> null;
            case 1 -> "text/plain";
            case 2 -> "application/json; charset=utf-16";
            case 3 -> "multipart/form-data; boundary=x";
            case 4 -> "application/x-www-form-urlencoded";
            default -> right;
        };
    }

    private static Case withBody(int index, Random r, String label, String path, String type, byte[] body) {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (type != null) {
            head.append("Content-Type: ").append(type).append("\r\n");
        }
        if (path.equals("/mcp")) {
            head.append("Accept: application/json, text/event-stream\r\n");
        }
        head.append("Connection: close\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean halfClose = false;
        String framing;
        switch (r.nextInt(10)) {
            case 0 -> {
                framing = "chunked";
                out.writeBytes(ascii(head + "Transfer-Encoding: chunked\r\n\r\n"));
                out.writeBytes(chunked(body, r, false));
            }
            case 1 -> {
                framing = "bad chunks";
                out.writeBytes(ascii(head + "Transfer-Encoding: chunked\r\n\r\n"));
                out.writeBytes(chunked(body, r, true));
                halfClose = true;
            }
            case 2 -> {
                framing = "long Content-Length";
                out.writeBytes(ascii(head + "Content-Length: " + (body.length + 1 + r.nextInt(100)) + "\r\n\r\n"));
                out.writeBytes(body);
                halfClose = true;
            }
            case 3 -> {
                framing = "short Content-Length";
                out.writeBytes(ascii(head + "Content-Length: " + r.nextInt(body.length + 1) + "\r\n\r\n"));
                out.writeBytes(body);
            }
            default -> {
                framing = "Content-Length";
                out.writeBytes(ascii(head + "Content-Length: " + body.length + "\r\n\r\n"));
                out.writeBytes(body);
            }
        }
        String shortType = type == null || type.length() < 60 ? type : type.substring(0, 60) + "…";
        return new Case(index, label + " (" + framing + ", " + shortType + ")", out.toByteArray(), halfClose, false);
    }

    /** The body as chunks; {@code broken}: one chunk's size line or terminator is wrong, or the end is missing. */
    private static byte[] chunked(byte[] body, Random r, boolean broken) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int brokenAt = broken ? r.nextInt(3) : -1;
        int at = 0;
        int chunk = 0;
        while (at < body.length) {
            int n = Math.min(body.length - at, 1 + r.nextInt(4096));
            if (chunk == brokenAt) {
                out.writeBytes(ascii(
                        switch (r.nextInt(6)) {
                            case 0 -> "zz\r\n";
                            case 1 -> "FFFFFFFFFFFFFFFFFFFF\r\n";
                            case 2 -> "-5\r\n";
                            case 3 -> Integer.toHexString(n + 10) + "\r\n";
                            case 4 -> Integer.toHexString(n) + ";" + "e".repeat(10_000) + "\r\n";
                            default -> Integer.toHexString(n) + "\n";
                        }));
                out.write(body, at, n);
                out.writeBytes(ascii(r.nextBoolean() ? "XX" : "\r\n"));
            } else {
                out.writeBytes(ascii(Integer.toHexString(n) + "\r\n"));
                out.write(body, at, n);
                out.writeBytes(ascii("\r\n"));
            }
            at += n;
            chunk++;
        }
        if (!broken || r.nextBoolean()) {
            out.writeBytes(ascii("0\r\n\r\n"));
        }
        return out.toByteArray();
    }

    private static Case read(int index, Random r, Known known) {
        String resp = id(r, known.responseId(), "resp_");
        String file = id(r, known.fileId(), "file-");
        String path = switch (r.nextInt(13)) {
            case 0 -> "/v1/responses/" + resp + query(r, known);
            case 1 -> "/v1/responses/" + resp + "?stream=true&starting_after=" + cursor(r, known);
            case 2 -> "/v1/responses/" + resp + "/input_items" + query(r, known);
            case 3 -> "/v1/responses/" + resp + "/tree";
            case 4 -> "/v1/files" + query(r, known);
            case 5 -> "/v1/files/" + file + query(r, known);
            case 6 -> "/v1/files/" + file + "/content";
            case 7 -> "/v1/models/" + id(r, "gpt-image-1", "");
            case 8 -> "/v1/images/files/" + id(r, "x.png", "");
            case 9 ->
                List.of("/metrics", "/health", "/v1/models", "/mcp", "/v1/images/variations")
                                .get(r.nextInt(5))
                        + query(r, known);
            default ->
                "/v1/"
                        + List.of("responses", "files", "models", "images", "easel")
                                .get(r.nextInt(5)) + "/" + id(r, "x", "") + "/" + id(r, "y", "");
        };
        boolean delete = r.nextInt(4) == 0 && !path.contains(known.fileId()) && !path.contains(known.responseId());
        return simple(index, "read", delete ? "DELETE" : "GET", path, false);
    }

    private static String anyPath(Random r, Known known) {
        List<String> paths = List.of(
                "/v1/images/generations",
                "/v1/images/edits",
                "/v1/images/variations",
                "/v1/responses",
                "/v1/responses/" + id(r, "resp_x", "resp_"),
                "/v1/files",
                "/v1/models",
                "/v1/easel/charts",
                "/mcp",
                "/metrics",
                "/health",
                "/",
                "/v1",
                "/v1/files/" + id(r, "file-x", "file-") + "/content");
        return paths.get(r.nextInt(paths.size()));
    }

    /** A stored id, one with junk around it, or junk: NUL, traversal, bad escapes, 5,000 characters. */
    private static String id(Random r, String real, String prefix) {
        return switch (r.nextInt(12)) {
            case 0 -> real;
            case 1 -> prefix + HexFormat.of().formatHex(longBytes(r.nextLong()));
            case 2 -> "%00";
            case 3 -> "..%2F..%2Fetc%2Fpasswd";
            case 4 -> "x".repeat(5000);
            case 5 -> "%ZZ";
            case 6 -> "%C0%AE%C0%AE";
            case 7 -> real + "%00";
            case 8 -> "'%20OR%201=1--";
            case 9 -> "9223372036854775808";
            case 10 -> "caf%C3%A9";
            default -> "-1";
        };
    }

    private static String query(Random r, Known known) {
        StringBuilder q = new StringBuilder();
        for (int i = 0, n = r.nextInt(4); i < n; i++) {
            q.append(i == 0 ? '?' : '&');
            String name = List.of(
                            "limit",
                            "after",
                            "before",
                            "order",
                            "purpose",
                            "stream",
                            "starting_after",
                            "include[]",
                            "include_obfuscation",
                            "x")
                    .get(r.nextInt(10));
            String value = switch (name) {
                case "limit" ->
                    List.of("0", "-1", "abc", "9223372036854775808", "100000", "1", "1e3", "")
                            .get(r.nextInt(8));
                case "after", "before", "starting_after" -> cursor(r, known);
                case "order" -> List.of("asc", "desc", "ASC", "up", "%00").get(r.nextInt(5));
                default -> id(r, "true", "");
            };
            q.append(name).append('=').append(value);
        }
        return q.toString();
    }

    private static String cursor(Random r, Known known) {
        return switch (r.nextInt(9)) {
            case 0 -> known.fileId();
            case 1 -> known.responseId();
            case 2 -> "msg_" + HexFormat.of().formatHex(longBytes(r.nextLong()));
            case 3 -> "99999999999999999999";
            case 4 -> "-5";
            case 5 -> "abc";
            case 6 -> "";
            case 7 -> "9223372036854775807";
            default -> id(r, "x", "item_");
        };
    }

    private static Case simple(int index, String label, String method, String path, boolean head) {
        String request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        String shortPath = path.length() < 120 ? path : path.substring(0, 120) + "…";
        return new Case(index, label + " " + method + " " + shortPath, ascii(request), false, head);
    }

    /** Requests broken below HTTP's semantics: the request line, headers, framing headers. */
    private static Case protocol(int index, Random r, Known known) {
        String path = anyPath(r, known);
        String ok = "Host: 127.0.0.1\r\nConnection: close\r\n";
        String request = switch (r.nextInt(14)) {
            case 0 -> "GARBAGE\r\n\r\n";
            case 1 -> "GET " + path + " HTTP/9.9\r\n" + ok + "\r\n";
            case 2 -> "GET " + path + " HTTP/1.1\r\n" + ok + "Broken header line\r\n\r\n";
            case 3 -> "GET " + path + " HTTP/1.1\r\n" + ok + "X-Big: " + "h".repeat(70_000) + "\r\n\r\n";
            case 4 -> "POST " + path + " HTTP/1.1\r\n" + ok + "Content-Length: abc\r\n\r\n{}";
            case 5 -> "POST " + path + " HTTP/1.1\r\n" + ok + "Content-Length: -5\r\n\r\n{}";
            case 6 -> "POST " + path + " HTTP/1.1\r\n" + ok + "Content-Length: 99999999999999999999\r\n\r\n{}";
            case 7 -> "POST " + path + " HTTP/1.1\r\n" + ok + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}";
            case 8 ->
                "POST " + path + " HTTP/1.1\r\n" + ok
                        + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
            case 9 ->
                "POST " + path + " HTTP/1.1\r\n" + ok
                        + "Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n{}";
            case 10 -> "GET /" + "p".repeat(100_000) + " HTTP/1.1\r\n" + ok + "\r\n";
            case 11 -> "GET " + path + " HTTP/1.1\r\n" + ok + "X-Nul: a\u0000b\r\n\r\n";
            case 12 -> "GET http://127.0.0.1" + path + " HTTP/1.1\r\n" + ok + "\r\n";
            default ->
                "POST " + path + " HTTP/1.1\r\n" + ok
                        + "Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}";
        };
        return new Case(
                index, "protocol " + path, request.getBytes(StandardCharsets.ISO_8859_1), r.nextBoolean(), false);
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[12];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
