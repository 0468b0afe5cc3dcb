package dev.easel.safety.provenance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * JUMBF (ISO/IEC 19566-5) boxes as C2PA uses them: a box is a 32-bit big-endian length (counting
 * its 8-byte header), a four-character type and its payload. A superbox ({@code jumb}) holds a
 * description box ({@code jumd}: a UUID saying what it is, toggles and a label) and then its
 * content boxes, which may be superboxes themselves.
 */
final class Jumbf {
    static final int HEADER = 8;
    /** Description toggles: requestable (bit 0) and a label present (bit 1). */
    private static final int TOGGLES_LABEL = 0x03;

    private static final int TOGGLE_LABEL = 0x02;
    private static final int TOGGLE_ID = 0x04;
    private static final int TOGGLE_SIGNATURE = 0x08;
    private static final int TOGGLE_PRIVATE = 0x10;
    private static final int MAX_DEPTH = 16;

    private Jumbf() {}

    static byte[] box(String type, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + payload.length);
        writeHeader(out, HEADER + payload.length, type);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** A superbox of the given kind and label holding these boxes, in order. */
    static byte[] superbox(byte[] uuid, String label, byte[]... contents) {
        byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream description = new ByteArrayOutputStream(17 + labelBytes.length + 1);
        description.writeBytes(uuid);
        description.write(TOGGLES_LABEL);
        description.writeBytes(labelBytes);
        description.write(0);
        byte[] jumd = box("jumd", description.toByteArray());
        int length = HEADER + jumd.length;
        for (byte[] content : contents) {
            length += content.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        writeHeader(out, length, "jumb");
        out.writeBytes(jumd);
        for (byte[] content : contents) {
            out.writeBytes(content);
        }
        return out.toByteArray();
    }

    /** A CBOR content box. */
    static byte[] cbor(byte[] cbor) {
        return box("cbor", cbor);
    }

    private static void writeHeader(ByteArrayOutputStream out, int length, String type) {
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.writeBytes(type.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A parsed superbox: what it is, its label, its content boxes and child superboxes, and where
     * it lies in {@code source} (for the hashes claims take over assertions' boxes).
     */
    record Superbox(
            byte[] uuid,
            String label,
            List<Superbox> children,
            List<Content> contents,
            byte[] source,
            int start,
            int end) {

        /** The box without its 8-byte header: description and contents, as C2PA hashes an assertion. */
        byte[] withoutHeader() {
            return Arrays.copyOfRange(source, start + HEADER, end);
        }

        boolean is(byte[] kind) {
            return Arrays.equals(uuid, kind);
        }

        /** The first child superbox of this kind. */
        Optional<Superbox> child(byte[] kind) {
            return children.stream().filter(c -> c.is(kind)).findFirst();
        }

        /** The first child superbox with this label. */
        Optional<Superbox> child(String childLabel) {
            return children.stream().filter(c -> c.label.equals(childLabel)).findFirst();
        }

        /** The payload of the first content box of this type. */
        Optional<byte[]> content(String type) {
            return contents.stream()
                    .filter(c -> c.type.equals(type))
                    .findFirst()
                    .map(c -> Arrays.copyOfRange(source, c.start, c.end));
        }
    }

    /** A content box: its type and where its payload lies in the source. */
    record Content(String type, int start, int end) {}

    /** The superbox filling {@code bytes} exactly. */
    static Superbox parse(byte[] bytes) {
        Superbox box = parse(bytes, 0, bytes.length, 0);
        if (box.end != bytes.length) {
            throw new ManifestFormatException("trailing bytes after the JUMBF superbox");
        }
        return box;
    }

    private static Superbox parse(byte[] b, int start, int limit, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ManifestFormatException("JUMBF boxes nested too deep");
        }
        int end = boxEnd(b, start, limit);
        if (!type(b, start).equals("jumb")) {
            throw new ManifestFormatException("expected a JUMBF superbox, found '" + type(b, start) + "'");
        }
        int pos = start + HEADER;
        if (pos >= end || !type(b, pos).equals("jumd")) {
            throw new ManifestFormatException("JUMBF superbox without a description box");
        }
        int jumdEnd = boxEnd(b, pos, end);
        int d = pos + HEADER;
        if (d + 17 > jumdEnd) {
            throw new ManifestFormatException("JUMBF description box too short");
        }
        byte[] uuid = Arrays.copyOfRange(b, d, d + 16);
        int toggles = b[d + 16] & 0xFF;
        d += 17;
        String label = "";
        if ((toggles & TOGGLE_LABEL) != 0) {
            int nul = d;
            while (nul < jumdEnd && b[nul] != 0) {
                nul++;
            }
            if (nul >= jumdEnd) {
                throw new ManifestFormatException("JUMBF label without its terminating NUL");
            }
            label = new String(b, d, nul - d, StandardCharsets.UTF_8);
            d = nul + 1;
        }
        if ((toggles & TOGGLE_ID) != 0) {
            d += 4;
        }
        if ((toggles & TOGGLE_SIGNATURE) != 0) {
            d += 32;
        }
        if (d > jumdEnd) {
            throw new ManifestFormatException("JUMBF description box too short for its toggles");
        }
        // A private box (bit 4, e.g. C2PA's salt) may follow; nothing here reads it.
        if ((toggles & TOGGLE_PRIVATE) == 0 && d != jumdEnd) {
            throw new ManifestFormatException("unexpected bytes in a JUMBF description box");
        }
        List<Superbox> children = new ArrayList<>();
        List<Content> contents = new ArrayList<>();
        pos = jumdEnd;
        while (pos < end) {
            int next = boxEnd(b, pos, end);
            String type = type(b, pos);
            if (type.equals("jumb")) {
                children.add(parse(b, pos, end, depth + 1));
            } else {
                contents.add(new Content(type, pos + HEADER, next));
            }
            pos = next;
        }
        return new Superbox(uuid, label, List.copyOf(children), List.copyOf(contents), b, start, end);
    }

    /** Where the box at {@code start} ends; it must lie within {@code limit}. */
    private static int boxEnd(byte[] b, int start, int limit) {
        if (start + HEADER > limit) {
            throw new ManifestFormatException("truncated JUMBF box header");
        }
        long length = (b[start] & 0xFFL) << 24
                | (b[start + 1] & 0xFFL) << 16
                | (b[start + 2] & 0xFFL) << 8
                | (b[start + 3] & 0xFFL);
        if (length < HEADER || start + length > limit) {
            throw new ManifestFormatException("JUMBF box length " + length + " does not fit");
        }
        return (int) (start + length);
    }

    private static String type(byte[] b, int at) {
        return new String(b, at + 4, 4, StandardCharsets.ISO_8859_1);
    }
}
