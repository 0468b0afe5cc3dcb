package dev.easel.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Malformed {@code multipart/form-data} for the fuzz test (image edits and file uploads): a
 * valid form, then broken in its framing (no boundary, another boundary, cut short, no closing
 * delimiter, bare LF), its parts (more than 1,000, no name, NUL or 10,000-character file names, no
 * Content-Disposition) or its values (numbers past 2^63, images that do not decode).
 */
final class FuzzMultipart {
    private static final String BOUNDARY = "fuzz-boundary-5e1c";

    private FuzzMultipart() {}

    /** A body and the Content-Type header it is sent with. */
    record Form(String contentType, byte[] body) {}

    /** One part: its header lines (without the CRLF that ends them) and its content. */
    private record Part(String headers, byte[] content) {}

    static Form form(String path, Random r, byte[] png) {
        List<Part> parts = new ArrayList<>();
        if (path.equals("/v1/files")) {
            parts.add(text("purpose", "user_data"));
            parts.add(file("file", "a.png", png));
        } else {
            parts.add(file("image", "a.png", png));
            parts.add(text("prompt", "a door"));
            parts.add(text("size", "64x64"));
            parts.add(text("quality", "low"));
        }
        int mutations = 1 + r.nextInt(2);
        for (int i = 0; i < mutations; i++) {
            mutatePart(path, parts, r, png);
        }
        String boundary = BOUNDARY;
        String contentType = "multipart/form-data; boundary=" + boundary;
        boolean closed = true;
        boolean bareLf = false;
        switch (r.nextInt(14)) {
            case 0 -> contentType = "multipart/form-data";
            case 1 -> contentType = "multipart/form-data; boundary=other-boundary";
            case 2 -> contentType = "multipart/form-data; boundary=";
            case 3 -> contentType = "multipart/form-data; boundary=\"" + "b".repeat(10_000) + "\"";
            case 4 -> closed = false;
            case 5 -> bareLf = true;
            case 6 -> contentType = "multipart/mixed; boundary=" + boundary;
            case 7 -> contentType = "multipart/form-data; boundary=" + boundary + "; charset=\u00ff";
            default -> {}
        }
        byte[] body = encode(parts, boundary, closed, bareLf);
        if (r.nextInt(6) == 0) {
            body = Arrays.copyOf(body, r.nextInt(body.length + 1));
        }
        return new Form(contentType, body);
    }

    private static void mutatePart(String path, List<Part> parts, Random r, byte[] png) {
        String fileField = path.equals("/v1/files") ? "file" : "image";
        if (parts.isEmpty()) {
            parts.add(text("prompt", "a door"));
        }
        switch (r.nextInt(16)) {
            case 0 -> {
                for (int i = 0, n = 1001 + r.nextInt(200); i < n; i++) {
                    parts.add(text("x" + i, "1"));
                }
            }
            case 1 ->
                parts.add(
                        new Part("Content-Disposition: form-data; filename=\"a.png\"\r\nContent-Type: image/png", png));
            case 2 -> parts.add(file(fileField, "a\u0000b.png", png));
            case 3 -> parts.set(0, file(fileField, "n".repeat(10_000) + ".png", png));
            case 4 -> parts.add(new Part("Content-Type: text/plain", bytes("no disposition")));
            case 5 -> parts.add(new Part("Content-Disposition: attachment; name=\"prompt\"", bytes("x")));
            case 6 -> parts.add(new Part("this is not a header", bytes("x")));
            case 7 ->
                parts.add(text(
                        List.of("n", "output_compression", "partial_images", "size", "purpose", "stream", "mask")
                                .get(r.nextInt(7)),
                        List.of("99999999999999999999", "9223372036854775808", "-1", "maybe", "", "a\u0000b", "1e400")
                                .get(r.nextInt(7))));
            case 8 -> parts.set(0, file(fileField, "a.png", Arrays.copyOf(png, r.nextInt(png.length))));
            case 9 -> parts.set(0, file(fileField, "a.png", new byte[0]));
            case 10 -> parts.add(file("mask", "m.png", bytes("not a png")));
            case 11 ->
                parts.add(new Part("Content-Disposition: form-data; name=\"" + "k".repeat(10_000) + "\"", bytes("v")));
            case 12 -> parts.add(new Part("Content-Disposition: form-data; name=\"\"", bytes("v")));
            case 13 ->
                parts.add(new Part(
                        "Content-Disposition: form-data; name=\"prompt\"\r\n" + "X-Pad: " + "p".repeat(20_000),
                        bytes("x")));
            case 14 -> parts.add(file("image[]", "b.png", pngHeaderOnly()));
            default -> parts.clear();
        }
    }

    /** A PNG signature and an IHDR claiming 100,000 x 100,000 pixels, and nothing after. */
    private static byte[] pngHeaderOnly() {
        byte[] b = {
            (byte) 0x89,
            'P',
            'N',
            'G',
            '\r',
            '\n',
            0x1A,
            '\n',
            0,
            0,
            0,
            13,
            'I',
            'H',
            'D',
            'R',
            0,
            1,
            (byte) 0x86,
            (byte) 0xA0,
            0,
            1,
            (byte) 0x86,
            (byte) 0xA0,
            8,
            2,
            0,
            0,
            0,
            0,
            0,
            0,
            0
        };
        return b;
    }

    private static Part text(String name, String value) {
        return new Part("Content-Disposition: form-data; name=\"" + name + "\"", bytes(value));
    }

    private static Part file(String name, String filename, byte[] content) {
        return new Part(
                "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                        + "\"\r\nContent-Type: image/png",
                content);
    }

    private static byte[] encode(List<Part> parts, String boundary, boolean closed, boolean bareLf) {
        String eol = bareLf ? "\n" : "\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            String headers = bareLf ? part.headers().replace("\r\n", "\n") : part.headers();
            out.writeBytes(("--" + boundary + eol + headers + eol + eol).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.content());
            out.writeBytes(eol.getBytes(StandardCharsets.US_ASCII));
        }
        if (closed) {
            out.writeBytes(("--" + boundary + "--" + eol).getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
